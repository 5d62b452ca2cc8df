using System.Text;

namespace Floe.Fuzz;

/// <summary>
/// Every parser of Floe that reads bytes from the network or a file, as a fuzz target: a name and a
/// function of the input bytes. A target throws <see cref="FuzzInvariantException"/> when the parser
/// answers something it promises never to answer, and lets any other exception escape: both are
/// crashes to afl-fuzz. Inputs the parser refuses cleanly are not crashes.
/// </summary>
public static class FuzzTargets
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["manifest"] = ManifestTarget.Run,
        ["digest"] = DigestTarget.Run,
        ["name"] = NameTarget.Run,
        ["range"] = RangeTarget.Run,
        ["scope"] = ScopeTarget.Run,
        ["registry-token"] = RegistryTokenTarget.Run,
        ["key-pair-assertion"] = KeyPairAssertionTarget.Run,
        ["sql"] = SqlTarget.Run,
        ["connection-config"] = ConnectionConfigTarget.Run,
    };

    /// <summary>The target names, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Targets.Keys];

    public static bool Exists(string name) => Targets.ContainsKey(name);

    /// <summary>Runs one input through one target.</summary>
    public static void Run(string target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Targets.TryGetValue(target, out Action<byte[]>? run))
        {
            throw new ArgumentException($"no fuzz target '{target}'; the targets are {string.Join(", ", Names)}", nameof(target));
        }

        run(input);
    }

    /// <summary>The input as text the way the server reads a header or a body: UTF-8, invalid bytes replaced.</summary>
    internal static string Text(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);

    internal static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(what);
        }
    }
}

/// <summary>A parser answered something it promises never to answer.</summary>
public sealed class FuzzInvariantException(string message) : Exception(message);
