package io.ilagent.policy;

import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import io.ilagent.ilert.User;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One user search per email at a time: updates naming a user that is not cached, worked on at the same moment
 * (a shift change puts one person on several levels), share the search under way instead of each asking
 * ilert, which costs a call of the API key's budget per search.
 */
final class UserSearches {
    /** ilert's answer, and whether this caller made the call (rather than sharing another's). */
    record Answer(Outcome<User> outcome, boolean searched) {}

    private final IlertClient ilert;
    private final Map<String, CompletableFuture<Outcome<User>>> underWay = new ConcurrentHashMap<>();

    UserSearches(IlertClient ilert) {
        this.ilert = ilert;
    }

    Answer search(String email) {
        String key = email.strip().toLowerCase(Locale.ROOT);
        CompletableFuture<Outcome<User>> mine = new CompletableFuture<>();
        CompletableFuture<Outcome<User>> other = underWay.putIfAbsent(key, mine);
        if (other != null) {
            return new Answer(other.join(), false);
        }
        try {
            Outcome<User> outcome = ilert.findUserByEmail(email);
            mine.complete(outcome);
            return new Answer(outcome, true);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            underWay.remove(key, mine);
        }
    }
}
