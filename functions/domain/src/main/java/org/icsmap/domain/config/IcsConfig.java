package org.icsmap.domain.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.icsmap.domain.feed.Feed;

/**
 * One Integrated Care System, as its YAML config file describes it. The same value drives the local
 * runner and {@code cdk deploy}. Built only by {@link IcsConfigLoader}, which checks every rule.
 */
public record IcsConfig(
        String code,
        String name,
        List<Provider> providers,
        List<Place> places,
        List<CareHome> careHomes,
        DisclosureControl disclosureControl,
        int topN,
        Map<Zone, Integer> retentionDays,
        List<Agreement> agreements) {

    public static final int DEFAULT_TOP_N = 10;

    /** Retention when the config says nothing: raw data goes quickly, the audit trail stays eight years. */
    public static final Map<Zone, Integer> DEFAULT_RETENTION_DAYS = Map.of(
            Zone.LANDING, 7, Zone.QUARANTINE, 90, Zone.CURATED, 1095, Zone.VAULT, 1095, Zone.MARTS, 1095, Zone.AUDIT, 2920);

    public IcsConfig {
        providers = List.copyOf(providers);
        places = List.copyOf(places);
        careHomes = List.copyOf(careHomes);
        retentionDays = Map.copyOf(new EnumMap<>(retentionDays));
        agreements = List.copyOf(agreements);
    }

    public Optional<Provider> provider(String ods) {
        return providers.stream().filter(p -> p.ods().equals(ods)).findFirst();
    }

    /**
     * Whether {@code ods} is an organisation of this ICS: one of its providers (GP practices that send data are providers
     * too). Only these have vaults, outputs and roles, so only these may name a prefix anywhere.
     */
    public boolean isOrganisation(String ods) {
        return ods != null && provider(ods).isPresent();
    }

    public Stream<Pcn> pcns() {
        return places.stream().flatMap(place -> place.pcns().stream());
    }

    public Stream<GpPractice> practices() {
        return pcns().flatMap(pcn -> pcn.practices().stream());
    }

    public Optional<GpPractice> practice(String ods) {
        return practices().filter(p -> p.ods().equals(ods)).findFirst();
    }

    /** Whether an agreement lets this provider send this feed (the provider must also list the feed). */
    public boolean mayReceive(String providerOds, Feed feed) {
        return provider(providerOds).filter(p -> p.feeds().contains(feed)).isPresent()
                && agreements.stream().anyMatch(a -> a.covers(providerOds, feed));
    }

    /** The purposes agreed for data reaching a recipient role. */
    public Set<Purpose> purposesFor(RecipientRole role) {
        return Set.copyOf(agreements.stream().filter(a -> a.recipients().contains(role)).map(Agreement::purpose).toList());
    }

    public record Provider(String ods, String name, ProviderKind kind, Set<Feed> feeds, Map<Feed, ColumnMapping> columnMappings) {
        public Provider {
            feeds = Set.copyOf(feeds);
            columnMappings = Map.copyOf(columnMappings);
        }

        public Optional<ColumnMapping> columnMapping(Feed feed) {
            return Optional.ofNullable(columnMappings.get(feed));
        }
    }

    /**
     * A provider's own header names for a canonical feed's columns.
     *
     * @param providerColumnFor canonical column name → the provider's header name (every canonical column)
     */
    public record ColumnMapping(Map<String, String> providerColumnFor) {
        public ColumnMapping {
            providerColumnFor = Map.copyOf(providerColumnFor);
        }

        /** The header the provider sends, in canonical column order. */
        public List<String> providerHeader(Feed feed) {
            return feed.definition().header().stream().map(providerColumnFor::get).toList();
        }
    }

    public record Place(String code, String name, List<Pcn> pcns) {
        public Place {
            pcns = List.copyOf(pcns);
        }
    }

    public record Pcn(String code, String name, List<GpPractice> practices) {
        public Pcn {
            practices = List.copyOf(practices);
        }
    }

    public record GpPractice(String ods, String name, String postcode, int listSize) {
    }

    public record CareHome(String cqcLocationId, String name, String postcode, int beds) {
    }

    /**
     * Disclosure control on every shared mart.
     *
     * @param suppressAtOrBelow counts from 1 to this are suppressed, with the costs of their cells
     * @param roundTo           remaining counts are rounded to the nearest multiple of this
     */
    public record DisclosureControl(int suppressAtOrBelow, int roundTo) {
        public static final DisclosureControl DEFAULT = new DisclosureControl(7, 5);
    }

    /**
     * A data sharing agreement.
     *
     * @param providers the senders it covers; empty means every provider in the config
     */
    public record Agreement(String id, String title, Purpose purpose, Set<String> providers, Set<Feed> feeds,
                            Set<RecipientRole> recipients) {
        public Agreement {
            providers = Set.copyOf(providers);
            feeds = Set.copyOf(feeds);
            recipients = Set.copyOf(recipients);
        }

        public boolean coversAllProviders() {
            return providers.isEmpty();
        }

        public boolean covers(String providerOds, Feed feed) {
            return feeds.contains(feed) && (coversAllProviders() || providers.contains(providerOds));
        }
    }
}
