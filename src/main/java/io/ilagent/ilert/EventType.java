package io.ilagent.ilert;

/** ilert event types; names are case-sensitive on the wire, as in ilert's API. */
public enum EventType {
    ALERT, ACCEPT, RESOLVE, COMMENT
}
