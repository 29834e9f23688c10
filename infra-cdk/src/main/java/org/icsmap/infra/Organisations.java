package org.icsmap.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.RecipientRole;
import org.icsmap.domain.feed.Feed;

/**
 * Which organisations of an ICS get which identities, read from its data sharing agreements: a provider may send
 * only the feeds an agreement covers, and an organisation gets its own analysts' role and a re-identification
 * identity only where an agreement names those recipients.
 *
 * @param uploads         provider ODS → the feeds it may send, for providers that may send any
 * @param reidentifiers   organisations an agreement lets re-identify their own patients
 * @param analystRoles    shared analysts (if any agreement has them) then each organisation with its own outputs
 */
public record Organisations(Map<String, List<Feed>> uploads, List<String> reidentifiers, List<AnalystRole> analystRoles) {

    public static Organisations of(IcsConfig config) {
        Map<String, List<Feed>> uploads = new TreeMap<>();
        for (IcsConfig.Provider provider : config.providers()) {
            List<Feed> feeds = new ArrayList<>();
            for (Feed feed : Feed.values()) {
                if (config.mayReceive(provider.ods(), feed)) {
                    feeds.add(feed);
                }
            }
            if (!feeds.isEmpty()) {
                uploads.put(provider.ods(), List.copyOf(feeds));
            }
        }
        List<AnalystRole> analysts = new ArrayList<>();
        if (config.agreements().stream().anyMatch(a -> a.recipients().contains(RecipientRole.SHARED_ANALYST))) {
            analysts.add(AnalystRole.shared());
        }
        recipients(config, RecipientRole.OWN_ORGANISATION).forEach(ods -> analysts.add(new AnalystRole.Organisation(ods)));
        return new Organisations(uploads, recipients(config, RecipientRole.REIDENTIFICATION), analysts);
    }

    public Organisations {
        uploads = Map.copyOf(uploads);
        reidentifiers = List.copyOf(reidentifiers);
        analystRoles = List.copyOf(analystRoles);
    }

    /** Organisations covered, as providers, by an agreement that names the recipient, in config order. */
    private static List<String> recipients(IcsConfig config, RecipientRole recipient) {
        return config.providers().stream()
                .map(IcsConfig.Provider::ods)
                .filter(ods -> config.agreements().stream()
                        .anyMatch(a -> a.recipients().contains(recipient) && (a.coversAllProviders() || a.providers().contains(ods))))
                .toList();
    }
}
