using System.Collections.Concurrent;
using Floe.Core.Metadata;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Tenancy;

/// <summary>
/// Picks the account a request is for from its <c>Host</c> header: a host under
/// the registry domain names <c>&lt;org&gt;-&lt;account&gt;</c>; any other host goes to the default
/// account when one is configured. The port is ignored.
/// </summary>
internal sealed class AccountResolver(IAccountStore accounts, TenancyOptions options, TimeProvider time)
{
    /// <summary>
    /// How long a resolved account is trusted without asking the store again. Bounds how long another
    /// node keeps serving an account that was dropped (or re-created under a new id): under the one
    /// second every node must honour (docs/design/multi-node.md); this node forgets it at once
    /// (<see cref="Forget"/>). One primary-key read per account per node every half second is nothing
    /// next to the reads every request makes anyway.
    /// </summary>
    internal static readonly TimeSpan CacheLifetime = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, (AccountRecord Account, DateTimeOffset Until)> _byName = new(StringComparer.Ordinal);
    private readonly string _domainSuffix = "." + options.Domain.ToLowerInvariant();
    private readonly string _orgLabel = HostLabel(options.Organization) + "-";

    /// <summary>The host of an account: lower case, <c>_</c> replaced by <c>-</c>.</summary>
    public string HostOf(string accountName) => _orgLabel + HostLabel(accountName) + _domainSuffix;

    public async ValueTask<AccountRecord?> ResolveAsync(HostString host, CancellationToken cancellationToken)
    {
        string? name = AccountNameFor(host.Host.ToLowerInvariant());
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        DateTimeOffset now = time.GetUtcNow();
        if (_byName.TryGetValue(name, out var cached) && cached.Until > now)
        {
            return cached.Account;
        }

        AccountRecord? account = await accounts.FindAccountAsync(name, cancellationToken);
        if (account is null)
        {
            _byName.TryRemove(name, out _);
        }
        else
        {
            _byName[name] = (account, now + CacheLifetime);
        }

        return account;
    }

    /// <summary>The account name a <c>Host</c> header names (without asking the store whether it exists), or null.</summary>
    public string? AccountNameOf(HostString host) => AccountNameFor(host.Host.ToLowerInvariant()) is { Length: > 0 } name ? name : null;

    /// <summary>Drops a cached account (after <c>DROP ACCOUNT</c> on this node).</summary>
    public void Forget(string accountName) => _byName.TryRemove(accountName, out _);

    private string? AccountNameFor(string host)
    {
        if (!host.EndsWith(_domainSuffix, StringComparison.Ordinal))
        {
            return options.DefaultAccount;
        }

        string label = host[..^_domainSuffix.Length];
        if (!label.StartsWith(_orgLabel, StringComparison.Ordinal) || label.Length == _orgLabel.Length)
        {
            return null;
        }

        // Account names are unquoted identifiers, which have no '-': the host's '-' can only be a '_'.
        return label[_orgLabel.Length..].Replace('-', '_').ToUpperInvariant();
    }

    private static string HostLabel(string identifier) => identifier.ToLowerInvariant().Replace('_', '-');
}
