namespace Floe.Server.Tenancy;

/// <summary>The organization and how request hosts map to its accounts.</summary>
public sealed record TenancyOptions
{
    /// <summary>The registry domain; account hosts are <c>&lt;org&gt;-&lt;account&gt;.&lt;domain&gt;</c>.</summary>
    public string Domain { get; init; } = "registry.localhost";

    /// <summary>The organization's name.</summary>
    public string Organization { get; init; } = "LOCAL";

    /// <summary>
    /// The account that answers on hosts outside the registry domain (<c>localhost:5000</c>), so that a
    /// single-tenant install works without DNS; empty for none.
    /// </summary>
    public string DefaultAccount { get; init; } = "DEV";
}
