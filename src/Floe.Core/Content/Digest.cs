using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Floe.Core.Content;

/// <summary>The hash algorithms a digest may name. Floe accepts exactly these two.</summary>
public enum DigestAlgorithm
{
    Sha256,
    Sha512,
}

/// <summary>
/// A content digest such as <c>sha256:9f86…</c>: an algorithm and its lower-case hex encoding.
/// A value of this type is always well formed; parse untrusted text with <see cref="TryParse"/>.
/// </summary>
public readonly record struct Digest
{
    private Digest(DigestAlgorithm algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public DigestAlgorithm Algorithm { get; }

    /// <summary>The lower-case hex encoding (64 characters for SHA-256, 128 for SHA-512).</summary>
    public string Hex { get; }

    public string AlgorithmName => NameOf(Algorithm);

    public override string ToString() => Hex is null ? string.Empty : AlgorithmName + ":" + Hex;

    public static string NameOf(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? "sha256" : "sha512";

    public static int HexLength(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? 64 : 128;

    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest)
    {
        digest = default;
        if (text is null)
        {
            return false;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> algorithmText = text.AsSpan(0, colon);
        DigestAlgorithm algorithm;
        if (algorithmText.SequenceEqual("sha256"))
        {
            algorithm = DigestAlgorithm.Sha256;
        }
        else if (algorithmText.SequenceEqual("sha512"))
        {
            algorithm = DigestAlgorithm.Sha512;
        }
        else
        {
            return false;
        }

        ReadOnlySpan<char> hex = text.AsSpan(colon + 1);
        if (hex.Length != HexLength(algorithm) || !IsLowerHex(hex))
        {
            return false;
        }

        digest = new Digest(algorithm, hex.ToString());
        return true;
    }

    public static Digest Parse(string text) =>
        TryParse(text, out Digest digest) ? digest : throw new FormatException($"'{text}' is not a valid digest.");

    /// <summary>Builds a digest from a finished hash.</summary>
    public static Digest FromHash(DigestAlgorithm algorithm, ReadOnlySpan<byte> hash) =>
        new(algorithm, Convert.ToHexStringLower(hash));

    public static Digest Compute(DigestAlgorithm algorithm, ReadOnlySpan<byte> content) =>
        algorithm == DigestAlgorithm.Sha256
            ? FromHash(algorithm, SHA256.HashData(content))
            : FromHash(algorithm, SHA512.HashData(content));

    public static Digest Sha256Of(ReadOnlySpan<byte> content) => Compute(DigestAlgorithm.Sha256, content);

    public static HashAlgorithmName HashName(DigestAlgorithm algorithm) =>
        algorithm == DigestAlgorithm.Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;

    private static bool IsLowerHex(ReadOnlySpan<char> hex)
    {
        foreach (char c in hex)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
