package dev.consort.backend.planner;

/**
 * The {@code max_tokens} to send. With extended thinking the budget counts toward {@code max_tokens}
 * and the API refuses a budget that is not below it, so when the answer tokens asked for would not
 * exceed the budget, the budget is added on top: the answer keeps the room it was promised.
 */
final class MaxTokens {

    private MaxTokens() {
    }

    /**
     * @param answerTokens the output tokens asked for; positive
     * @param thinkingBudget the thinking budget, or 0 without thinking
     */
    static int of(int answerTokens, int thinkingBudget) {
        if (thinkingBudget <= 0 || answerTokens > thinkingBudget) {
            return answerTokens;
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) thinkingBudget + answerTokens);
    }
}
