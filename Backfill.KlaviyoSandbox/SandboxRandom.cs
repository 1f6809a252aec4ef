namespace Backfill.KlaviyoSandbox;

/// <summary>
/// SplitMix64: tiny, fast and identical on every platform and runtime, so a seed always yields the same
/// account data (System.Random's seeded algorithm is an implementation detail we should not depend on).
/// </summary>
internal struct SandboxRandom
{
    private ulong _state;

    public SandboxRandom(ulong seed) => _state = seed;

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Hash(ulong a, ulong b) => Mix(Mix(a + 0x9E3779B97F4A7C15UL) ^ (b * 0xC2B2AE3D27D4EB4FUL));

    public static ulong Hash(ulong a, ulong b, ulong c) => Hash(Hash(a, b), c);

    public static ulong Hash(ulong a, ulong b, ulong c, ulong d) => Hash(Hash(Hash(a, b), c), d);

    /// <summary>FNV-1a, stable across processes (string.GetHashCode is randomised per process).</summary>
    public static ulong HashString(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in value)
        {
            hash ^= ch;
            hash *= 1099511628211UL;
        }
        return Mix(hash);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)((NextUInt64() >> 1) % (ulong)maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    public bool Chance(double probability) => NextDouble() < probability;

    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Poisson draw: exact (Knuth) for small means, normal approximation for large ones.</summary>
    public int NextPoisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * NextGaussian()));
        }
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }
        return k;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
