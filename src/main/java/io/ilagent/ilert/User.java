package io.ilagent.ilert;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The parts of an ilert user the agent needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record User(Long id, String email, String firstName, String lastName) {}
