package io.jivohub.tables;

import java.util.List;

/** How events of some types become rows of some datasets. Implementations are stateless. */
interface Fold {
    /**
     * A row an event folds into.
     *
     * @param dataset its dataset
     * @param key     its key's values, in {@link Dataset#key()} order
     */
    record Target(Dataset dataset, List<String> key) {
    }

    /** The rows {@code event} folds into, so that they can be read all at once before folding. */
    List<Target> targets(JivoEvent event);

    /** Folds {@code event} into its rows. */
    void fold(JivoEvent event, Rows rows);
}
