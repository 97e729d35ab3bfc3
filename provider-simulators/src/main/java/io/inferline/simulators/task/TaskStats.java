package io.inferline.simulators.task;

/**
 * What a provider's task API was asked since start or the last reset.
 *
 * @param created   tasks created (each one a paid generation at the real provider)
 * @param polls     status queries that found their task
 * @param cancelled tasks cancelled before they ended
 */
public record TaskStats(long created, long polls, long cancelled) {
}
