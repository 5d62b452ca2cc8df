using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Metadata.History;
using Floe.Core.Security;

namespace Floe.Sql.Execution;

/// <summary>Settings of the SQL engine that come from the deployment.</summary>
public sealed record SqlEngineOptions
{
    /// <summary>The organization's name.</summary>
    public string Organization { get; init; } = "LOCAL";

    /// <summary>The registry host of an account, with <c>:port</c> when not standard.</summary>
    public Func<string, string> AccountHost { get; init; } = account => "local-" + account.ToLowerInvariant().Replace('_', '-') + ".registry.localhost";

    /// <summary>Called after <c>DROP ACCOUNT</c> so the host routing of this node forgets the account at once.</summary>
    public Action<string> AccountDropped { get; init; } = _ => { };
}

/// <summary>
/// The services every statement handler may use: the registry's store roles that statements read or
/// change (accounts, repositories, the images in them), the control plane, and the history that the
/// history table functions read.
/// </summary>
public sealed record StatementServices(
    IAccountStore Accounts,
    IRepositoryStore Repositories,
    IManifestStore Manifests,
    IControlPlaneStore ControlPlane,
    Authorizer Authorizer,
    PasswordHasher Passwords,
    TimeProvider Time,
    SqlEngineOptions Options,
    IHistoryStore History);
