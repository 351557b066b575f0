package org.deepzero.zo.cluster;

/** A chunk reached a member that does not hold its batch (evicted, or the member restarted): send the context again. */
final class ContextMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContextMissingException(String batchId) {
        super("batch " + batchId + " not cached on this member");
    }
}
