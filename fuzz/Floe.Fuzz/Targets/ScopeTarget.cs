using Floe.Core.Security;

namespace Floe.Fuzz;

/// <summary>
/// The <c>scope</c> parameters of a token request, one per line. Parsed scopes have a type, a name and
/// distinct actions, and print as a scope that parses to the same resource and actions.
/// </summary>
internal static class ScopeTarget
{
    public static void Run(byte[] input)
    {
        string[] values = FuzzTargets.Text(input).Split('\n');
        if (!RegistryScope.TryParseAll(values, out IReadOnlyList<RegistryScope> scopes))
        {
            FuzzTargets.Require(scopes.Count == 0, "a refused request with scopes");
            return;
        }

        foreach (RegistryScope scope in scopes)
        {
            FuzzTargets.Require(scope.Type.Length > 0 && scope.Name.Length > 0 && scope.Actions.Count > 0, $"scope '{scope}' is missing a part");
            FuzzTargets.Require(scope.Actions.Distinct(StringComparer.Ordinal).Count() == scope.Actions.Count, $"scope '{scope}' repeats an action");
            string printed = scope.ToString();
            FuzzTargets.Require(
                RegistryScope.TryParse(printed, out RegistryScope? again) && again!.Type == scope.Type && again.Name == scope.Name
                    && again.Actions.SequenceEqual(scope.Actions, StringComparer.Ordinal),
                $"scope printed as '{printed}' does not parse back");
        }
    }
}
