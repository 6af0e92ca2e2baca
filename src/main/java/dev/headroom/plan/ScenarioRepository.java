package dev.headroom.plan;

import java.util.List;
import java.util.Optional;

/** Where what-if scenarios are kept, per account. */
public interface ScenarioRepository {
    List<SavedScenario> list(String account);

    Optional<SavedScenario> find(String account, String name);

    /** Inserts the scenario, or replaces the one of the same name (keeping its creation time). */
    void save(SavedScenario scenario);

    /** @return false when there is no scenario {@code from} */
    boolean rename(String account, String from, String to);

    /** @return false when there was none */
    boolean delete(String account, String name);
}
