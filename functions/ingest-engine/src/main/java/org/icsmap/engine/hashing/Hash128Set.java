package org.icsmap.engine.hashing;

/**
 * A set of 128-bit hashes (two {@code long}s) in open-addressing tables of {@code long} pairs: no object
 * per member, so a set of ten million members is ten million times 16 bytes over the load factor, not
 * ten million objects. Ingest keeps three of these per upload: the hashes of the rows seen (exact
 * duplicates), the pseudonyms already in the vault, and the opted-out pseudonyms.
 *
 * <p>The members must already be uniformly distributed (a cryptographic or good non-cryptographic
 * hash): the bits are used as they are to choose a shard and a slot.
 *
 * <p><b>Memory:</b> the set is split into {@value #SHARDS} shards by the top bits of the first half, and
 * each shard doubles on its own when it is 7/8 full. So it holds 16 bytes per slot at a load of 7/16 to
 * 7/8 — <b>18 to 37 bytes per member</b> — and growing never needs more than one shard's old and new
 * table at once (1/{@value #SHARDS} of the set extra), where a single table would briefly need 1.5 times
 * its size. Why so full: memory is what bounds an upload's size in a 1 GB Lambda; linear probing over
 * 16-byte slots still finds a free slot within a few cache lines at 7/8, and the members are random. Up to 2<sup>23</sup> slots per shard (2<sup>29</sup> in all) — far beyond any one upload.
 *
 * <p>Not thread-safe.
 */
public final class Hash128Set {

    static final int SHARDS = 64;
    private static final int SHARD_BITS = 6;
    private static final int MAX_SLOTS_PER_SHARD = 1 << 23;
    private static final int MIN_SLOTS_PER_SHARD = 16;

    private final long[][] tables = new long[SHARDS][];
    private final int[] sizes = new int[SHARDS];
    private int size;

    /** An empty set with room for about {@code expected} members before any shard grows. */
    public Hash128Set(int expected) {
        int perShard = (int) Math.min(MAX_SLOTS_PER_SHARD, Math.max(MIN_SLOTS_PER_SHARD, (long) expected * 8 / 7 / SHARDS + 1));
        int slots = Integer.highestOneBit(perShard * 2 - 1);
        for (int s = 0; s < SHARDS; s++) {
            tables[s] = new long[slots * 2];
        }
    }

    public Hash128Set() {
        this(0);
    }

    /** Adds the member; true if it was not there before. */
    public boolean add(long h1, long h2) {
        if (h1 == 0 && h2 == 0) {
            h2 = 1; // (0, 0) marks an empty slot; one hash in 2^128 shares its stand-in
        }
        int shard = (int) (h1 >>> (64 - SHARD_BITS));
        long[] table = tables[shard];
        if (!insert(table, h1, h2)) {
            return false;
        }
        size++;
        if (++sizes[shard] > table.length / 2 / 8 * 7) {
            grow(shard);
        }
        return true;
    }

    /** Whether the member is in the set. */
    public boolean contains(long h1, long h2) {
        if (h1 == 0 && h2 == 0) {
            h2 = 1;
        }
        long[] table = tables[(int) (h1 >>> (64 - SHARD_BITS))];
        int mask = table.length / 2 - 1;
        for (int slot = (int) h2 & mask; ; slot = (slot + 1) & mask) {
            long a = table[slot << 1];
            long b = table[(slot << 1) + 1];
            if (a == h1 && b == h2) {
                return true;
            }
            if (a == 0 && b == 0) {
                return false;
            }
        }
    }

    public int size() {
        return size;
    }

    /**
     * A membership test for a set that is now complete and will be asked far more often than it holds, mostly
     * about non-members: ingest's opt-out list, asked once per row. At 7/8 load a miss walks a long run of
     * occupied slots (about 30 on average with linear probing), so a bit filter in front answers most misses
     * with one bit: one bit per member's hash in a power-of-two table of at least {@value #FILTER_BITS_PER_MEMBER}
     * bits a member (1–2 bytes a member more), so ~{@code 1 - e^(-1/8)} ≈ 12 % of non-members or fewer still reach
     * the table. No false negatives: every member's bit is set. The set must not change afterwards; a lookup
     * refuses to answer once it has.
     */
    public Lookup lookup() {
        return new Lookup(this);
    }

    static final int FILTER_BITS_PER_MEMBER = 8;

    /** See {@link #lookup()}. */
    public static final class Lookup {
        private final Hash128Set set;
        private final int sizeWhenBuilt;
        private final long[] filter;
        private final int mask;

        private Lookup(Hash128Set set) {
            this.set = set;
            this.sizeWhenBuilt = set.size;
            long bits = Math.max(Long.SIZE, Long.highestOneBit(Math.max(1L, (long) set.size * FILTER_BITS_PER_MEMBER) * 2 - 1));
            filter = new long[(int) Math.min(1L << 26, bits / Long.SIZE)];
            mask = filter.length * Long.SIZE - 1;
            for (long[] table : set.tables) {
                for (int i = 0; i < table.length; i += 2) {
                    if (table[i] != 0 || table[i + 1] != 0) {
                        int bit = (int) table[i] & mask;
                        filter[bit >>> 6] |= 1L << bit;
                    }
                }
            }
        }

        /** Whether the member is in the set. */
        public boolean contains(long h1, long h2) {
            if (set.size != sizeWhenBuilt) {
                throw new IllegalStateException("the set changed after its lookup was made");
            }
            return mayContain(h1) && set.contains(h1, h2);
        }

        /** Whether the filter lets a member with this first half through to the table. */
        boolean mayContain(long h1) {
            // The low bits of the first half: the shard uses its top bits and the slot the second half.
            int bit = (int) h1 & mask;
            return (filter[bit >>> 6] & 1L << bit) != 0;
        }

        /** Bytes the filter holds (the set's own tables not counted). */
        public long memoryBytes() {
            return (long) filter.length * Long.BYTES;
        }
    }

    /** Bytes the tables hold now. */
    public long memoryBytes() {
        long bytes = 0;
        for (long[] table : tables) {
            bytes += (long) table.length * Long.BYTES;
        }
        return bytes;
    }

    /** Puts the member in the table unless it is there; the slot comes from the second half (the first chose the shard). */
    private static boolean insert(long[] table, long h1, long h2) {
        int mask = table.length / 2 - 1;
        for (int slot = (int) h2 & mask; ; slot = (slot + 1) & mask) {
            int at = slot << 1;
            long a = table[at];
            long b = table[at + 1];
            if (a == 0 && b == 0) {
                table[at] = h1;
                table[at + 1] = h2;
                return true;
            }
            if (a == h1 && b == h2) {
                return false;
            }
        }
    }

    private void grow(int shard) {
        long[] old = tables[shard];
        int slots = old.length / 2 * 2;
        if (slots > MAX_SLOTS_PER_SHARD) {
            throw new IllegalStateException("more than " + (long) MAX_SLOTS_PER_SHARD * SHARDS * 7 / 8 + " members in one set");
        }
        long[] table = new long[slots * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(table, old[i], old[i + 1]);
            }
        }
        tables[shard] = table;
    }
}
