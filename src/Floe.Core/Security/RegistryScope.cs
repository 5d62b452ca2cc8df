namespace Floe.Core.Security;

/// <summary>
/// One resource scope of the Docker token protocol (<c>type:name:action[,action…]</c>), such as
/// <c>repository:db/schema/repo/img:pull,push</c> or <c>registry:catalog:*</c>. The name may itself hold
/// colons (<c>localhost:5000/img</c>): the first colon ends the type and the last one starts the actions.
/// A resource class (<c>repository(plugin)</c>) is accepted and dropped. Parsing does not check that the
/// name is a valid repository name: a name that is not simply gets no grant.
/// </summary>
public sealed class RegistryScope
{
    public const string RepositoryType = "repository";
    public const string RegistryType = "registry";
    public const string CatalogName = "catalog";
    public const string Pull = "pull";
    public const string Push = "push";
    public const string All = "*";

    private RegistryScope(string type, string name, IReadOnlyList<string> actions)
    {
        Type = type;
        Name = name;
        Actions = actions;
    }

    public string Type { get; }

    public string Name { get; }

    /// <summary>The actions asked for, each once, in the order given.</summary>
    public IReadOnlyList<string> Actions { get; }

    public bool IsCatalog => Type == RegistryType && Name == CatalogName;

    public static RegistryScope Create(string type, string name, IEnumerable<string> actions)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(actions);
        return new RegistryScope(type, name, actions.Distinct(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Parses one scope; <c>false</c> when it has no type, no name or no actions.</summary>
    public static bool TryParse(string? text, out RegistryScope? scope)
    {
        scope = null;
        int first = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        int last = text?.LastIndexOf(':') ?? -1;
        if (text is null || first <= 0 || last <= first + 1 || last == text.Length - 1)
        {
            return false;
        }

        string type = text[..first];
        int classStart = type.IndexOf('(', StringComparison.Ordinal);
        if (classStart == 0 || (classStart > 0 && !type.EndsWith(')')))
        {
            return false;
        }

        string[] actions = text[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (actions.Length == 0)
        {
            return false;
        }

        scope = Create(classStart > 0 ? type[..classStart] : type, text[(first + 1)..last], actions);
        return true;
    }

    /// <summary>
    /// The scopes of a request: every value of every <c>scope</c> parameter, each space-separated. Scopes
    /// on the same resource merge their actions. <c>false</c> when one of them is malformed.
    /// </summary>
    public static bool TryParseAll(IEnumerable<string?> values, out IReadOnlyList<RegistryScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(values);
        List<RegistryScope> merged = [];
        scopes = merged;
        foreach (string part in values.SelectMany(v => (v ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!TryParse(part, out RegistryScope? scope))
            {
                scopes = [];
                return false;
            }

            int same = merged.FindIndex(s => s.Type == scope!.Type && s.Name == scope.Name);
            if (same < 0)
            {
                merged.Add(scope!);
            }
            else
            {
                merged[same] = Create(scope!.Type, scope.Name, merged[same].Actions.Concat(scope.Actions));
            }
        }

        return true;
    }

    /// <summary>The same resource with only the actions <paramref name="allowed"/> keeps.</summary>
    public RegistryScope Restrict(Func<string, bool> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return new RegistryScope(Type, Name, Actions.Where(allowed).ToArray());
    }

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
