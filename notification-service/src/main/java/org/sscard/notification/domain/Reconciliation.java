package org.sscard.notification.domain;

import org.sscard.events.EventTypes;
import org.sscard.platform.reconciliation.ApplicationState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The rules that say whether the four services agree on one application: registration's status against review's
 * case, card production's newest card and the messages notification sent. Each service owns its part and learns the
 * others' through events, so for a while after every step they disagree; a disagreement older than the grace period
 * is a divergence, aged from the latest change among the services involved.
 */
public final class Reconciliation {
    /** A disagreement between services about one application, and since when it has stood. */
    public record Divergence(String applicationId, String kind, String detail, Instant since, long ageSeconds) {
    }

    /** Registration statuses, and the card statuses that agree with them. */
    private static final Set<String> BEFORE_DECISION = Set.of("SUBMITTED", "UNDER_REVIEW", "SUPPLEMENT_REQUESTED");
    private static final Set<String> APPROVED_AND_AFTER = Set.of("APPROVED", "IN_PRODUCTION", "PRODUCTION_FAILED",
            "READY_FOR_COLLECTION", "COLLECTED", "CARD_CANCELLED");
    private static final Set<String> CARD_IN_PRODUCTION = Set.of("IN_BATCH", "PRINT_FAILED", "PRINTED");
    private static final Set<String> CARD_HANDED_OVER = Set.of("ISSUED_SEALED", "ACTIVE", "LOCKED", "TEMP_LOST", "LOST",
            "EXCHANGE_PENDING", "SUPERSEDED", "EXPIRED");

    private Reconciliation() {
    }

    /** What the other services hold of one application; a service that could not be read is left out of the rules. */
    public record Peers(boolean reviewRead, ApplicationState review, boolean cardsRead, ApplicationState card) {
    }

    /**
     * What does not agree about one application. {@code registration} is never null (registration owns the
     * application); a peer's state is null when that service holds nothing of it.
     */
    public static List<Divergence> divergences(ApplicationState registration, Peers peers, Set<String> messages,
                                               Instant now, Duration grace) {
        String r = registration.status();
        ApplicationState review = peers.review();
        ApplicationState card = peers.card();
        List<String[]> found = new ArrayList<>(); // {kind, detail}
        if (peers.reviewRead()) {
            reviewAgrees(r, review, found);
        }
        if (peers.cardsRead()) {
            cardAgrees(registration, card, found);
        }
        Set<String> missing = new TreeSet<>(expectedMessages(r, review));
        missing.removeAll(messages);
        if (!missing.isEmpty()) {
            found.add(new String[]{"NOTIFICATION_MISSING", "registration " + r + ", no message for " + missing});
        }
        Instant since = Stream.of(registration, review, card).filter(s -> s != null && s.at() != null)
                .map(ApplicationState::at).max(Instant::compareTo).orElse(now);
        if (found.isEmpty() || Duration.between(since, now).compareTo(grace) < 0) {
            return List.of(); // agreed, or still travelling
        }
        long age = Math.max(0, Duration.between(since, now).toSeconds());
        return found.stream().map(f -> new Divergence(registration.applicationId().toString(), f[0], f[1], since, age))
                .toList();
    }

    private static void reviewAgrees(String r, ApplicationState review, List<String[]> found) {
        String v = review == null ? null : review.status();
        String outcome = review == null ? null : review.detail();
        boolean approved = "DECIDED".equals(v) && "APPROVE".equals(outcome);
        boolean rejected = "DECIDED".equals(v) && "REJECT".equals(outcome);
        if (BEFORE_DECISION.contains(r)) {
            if (v == null) {
                found.add(new String[]{"REVIEW_MISSING", "registration " + r + ", review has no case"});
            } else if ("DECIDED".equals(v) || "WITHDRAWN".equals(v)) {
                found.add(new String[]{"REGISTRATION_BEHIND_REVIEW", "registration " + r + ", review " + v
                        + (outcome == null ? "" : " " + outcome)});
            }
        } else if (APPROVED_AND_AFTER.contains(r) && !approved) {
            found.add(new String[]{"REVIEW_DISAGREES", "registration " + r + ", review " + v
                    + (outcome == null ? "" : " " + outcome)});
        } else if ("REJECTED".equals(r) && !rejected) {
            found.add(new String[]{"REVIEW_DISAGREES", "registration REJECTED, review " + v
                    + (outcome == null ? "" : " " + outcome)});
        } else if ("WITHDRAWN".equals(r) && v != null && !"WITHDRAWN".equals(v) && !"DECIDED".equals(v)) {
            found.add(new String[]{"REVIEW_BEHIND_REGISTRATION", "registration WITHDRAWN, review " + v});
        }
    }

    private static void cardAgrees(ApplicationState registration, ApplicationState card, List<String[]> found) {
        String r = registration.status();
        String c = card == null ? null : card.status();
        String both = "registration " + r + ", card " + (c == null ? "none" : c + " " + card.detail());
        switch (r) {
            case "SUBMITTED", "UNDER_REVIEW", "SUPPLEMENT_REQUESTED", "REJECTED" -> {
                if (c != null) {
                    found.add(new String[]{"CARD_WITHOUT_APPROVAL", both});
                }
            }
            case "APPROVED" -> {
                if (c == null) {
                    found.add(new String[]{"CARD_MISSING", both});
                } else {
                    found.add(new String[]{"REGISTRATION_BEHIND_CARD", both});
                }
            }
            case "IN_PRODUCTION", "PRODUCTION_FAILED" -> {
                if (c == null) {
                    found.add(new String[]{"CARD_MISSING", both});
                } else if (!CARD_IN_PRODUCTION.contains(c)) {
                    found.add(new String[]{"REGISTRATION_BEHIND_CARD", both});
                }
            }
            case "READY_FOR_COLLECTION" -> {
                if (c == null) {
                    found.add(new String[]{"CARD_MISSING", both});
                } else if (!"READY_FOR_COLLECTION".equals(c) && !"RETURNED".equals(c)) {
                    // a card never collected goes back to the issuing centre; the application still waits for it
                    found.add(new String[]{CARD_IN_PRODUCTION.contains(c) ? "CARD_BEHIND_REGISTRATION"
                            : "REGISTRATION_BEHIND_CARD", both});
                }
            }
            case "COLLECTED" -> {
                // a newest card on its way is a replacement; the card registration names must have been handed over,
                // and a cancelled newest card ends the application
                if (c == null) {
                    found.add(new String[]{"CARD_MISSING", both});
                } else if ("CANCELLED".equals(c)) {
                    found.add(new String[]{"REGISTRATION_BEHIND_CARD", both});
                } else if (!CARD_HANDED_OVER.contains(c) && card.detail() != null
                        && card.detail().equals(registration.detail())) {
                    found.add(new String[]{"CARD_DISAGREES", both});
                }
            }
            case "WITHDRAWN" -> {
                if (c != null && !"CANCELLED".equals(c)) {
                    found.add(new String[]{CARD_HANDED_OVER.contains(c) ? "REGISTRATION_BEHIND_CARD"
                            : "CARD_FOR_WITHDRAWN_APPLICATION", both});
                }
            }
            case "CARD_CANCELLED" -> {
                if (!"CANCELLED".equals(c)) {
                    found.add(new String[]{"CARD_DISAGREES", both});
                }
            }
            default -> {
            }
        }
    }

    /** The messages the applicant must have been sent by the time registration shows {@code r}. */
    static Set<String> expectedMessages(String r, ApplicationState review) {
        Set<String> expected = new TreeSet<>();
        if (review != null) {
            expected.add(EventTypes.APPLICATION_SUBMITTED); // a case exists: the application was submitted
        }
        switch (r) {
            case "SUPPLEMENT_REQUESTED" -> expected.add(EventTypes.SUPPLEMENT_REQUESTED);
            case "APPROVED", "IN_PRODUCTION", "PRODUCTION_FAILED" -> expected.add(EventTypes.APPLICATION_APPROVED);
            case "READY_FOR_COLLECTION" -> {
                expected.add(EventTypes.APPLICATION_APPROVED);
                expected.add(EventTypes.CARD_READY_FOR_COLLECTION);
            }
            case "COLLECTED" -> {
                expected.add(EventTypes.APPLICATION_APPROVED);
                expected.add(EventTypes.CARD_READY_FOR_COLLECTION);
                expected.add(EventTypes.CARD_COLLECTED);
            }
            case "REJECTED" -> expected.add(EventTypes.APPLICATION_REJECTED);
            case "WITHDRAWN" -> expected.add(EventTypes.APPLICATION_WITHDRAWN);
            default -> {
            }
        }
        return expected;
    }
}
