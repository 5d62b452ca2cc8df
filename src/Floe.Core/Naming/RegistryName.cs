using System.Diagnostics.CodeAnalysis;

namespace Floe.Core.Naming;

/// <summary>
/// The OCI <c>&lt;name&gt;</c> of a request, split the way Floe reads it:
/// <c>&lt;db&gt;/&lt;schema&gt;/&lt;repository&gt;/&lt;image&gt;</c>. The first three components name
/// SQL objects and are kept as their stored (upper-case) identifiers; the image name is one or
/// more OCI path components, kept exactly as sent.
/// </summary>
public sealed record RegistryName(RepositoryKey Repository, string Image)
{
    /// <summary>The longest OCI name Floe accepts.</summary>
    public const int MaxLength = 255;

    public const string ExpectedForm = "<database>/<schema>/<repository>/<image>";

    /// <summary>The name as a client writes it: lower case, <c>$</c> encoded as <c>%24</c>.</summary>
    public override string ToString() => Repository.ToUrlPath() + "/" + Image;

    public static bool TryParse(string? text, [NotNullWhen(true)] out RegistryName? name, [NotNullWhen(false)] out string? problem)
    {
        name = null;
        if (string.IsNullOrEmpty(text))
        {
            problem = "the repository name is empty; expected " + ExpectedForm;
            return false;
        }

        if (text.Length > MaxLength)
        {
            problem = $"the repository name is longer than {MaxLength} characters";
            return false;
        }

        string[] parts = text.Split('/');
        if (parts.Length < 4)
        {
            problem = $"'{text}' has {parts.Length} path component(s); expected {ExpectedForm}";
            return false;
        }

        string?[] identifiers = new string?[3];
        for (int i = 0; i < 3; i++)
        {
            identifiers[i] = UrlIdentifier.ToStored(parts[i]);
            if (identifiers[i] is null)
            {
                problem = $"'{parts[i]}' is not a valid database, schema or repository name in '{text}'";
                return false;
            }
        }

        for (int i = 3; i < parts.Length; i++)
        {
            if (!IsImageComponent(parts[i]))
            {
                problem = $"'{parts[i]}' is not a valid image name component in '{text}'";
                return false;
            }
        }

        name = new RegistryName(
            new RepositoryKey(identifiers[0]!, identifiers[1]!, identifiers[2]!),
            string.Join('/', parts, 3, parts.Length - 3));
        problem = null;
        return true;
    }

    /// <summary>
    /// One OCI path component: <c>[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*</c>.
    /// </summary>
    public static bool IsImageComponent(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty || !IsAlnum(part[0]) || !IsAlnum(part[^1]))
        {
            return false;
        }

        for (int i = 1; i < part.Length; i++)
        {
            char c = part[i];
            if (IsAlnum(c))
            {
                continue;
            }

            if (c == '.' || c == '_')
            {
                // '.', '_' and '__' are separators; '._', '_.' and '___' are not.
                bool doubleUnderscore = c == '_' && part[i + 1] == '_' && i + 2 < part.Length && IsAlnum(part[i + 2]) && IsAlnum(part[i - 1]);
                if (doubleUnderscore)
                {
                    i++;
                    continue;
                }

                if (!IsAlnum(part[i - 1]) || !IsAlnum(part[i + 1]))
                {
                    return false;
                }

                continue;
            }

            if (c == '-')
            {
                if (!IsAlnum(part[i - 1]) && part[i - 1] != '-')
                {
                    return false;
                }

                continue;
            }

            return false;
        }

        return true;
    }

    private static bool IsAlnum(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'z';
}
