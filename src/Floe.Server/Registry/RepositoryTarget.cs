using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Core.Security;

namespace Floe.Server.Registry;

/// <summary>The repository and image a registry request is about, once its name has been resolved.</summary>
internal sealed record RepositoryTarget(AccountRecord Account, RepositoryRecord Repository, RegistryName Name)
{
    public long RepositoryId => Repository.Id;

    public string Image => Name.Image;

    /// <summary>The name as the client should see it in <c>Location</c> headers.</summary>
    public string PathName => Name.ToString();

    /// <summary>Who makes the request, when the registry requires authentication; <c>null</c> when it does not.</summary>
    public RegistryPrincipal? Principal { get; init; }

    /// <summary>The principal as upload sessions record it (<c>&lt;account&gt;:&lt;user&gt;</c>), or <c>null</c>.</summary>
    public string? PrincipalKey => Principal is null ? null : $"{Principal.AccountId}:{Principal.UserId}";
}

/// <summary>Turns the OCI <c>&lt;name&gt;</c> of a request into the repository it names in the account.</summary>
internal sealed class RepositoryResolver(IRepositoryStore repositories)
{
    public async ValueTask<Result<RepositoryTarget>> ResolveAsync(AccountRecord account, string name, CancellationToken cancellationToken)
    {
        if (!RegistryName.TryParse(name, out RegistryName? parsed, out string? problem))
        {
            return new RegistryError(RegistryErrors.NameInvalid, problem);
        }

        return await ResolveAsync(account, parsed, known: null, cancellationToken);
    }

    /// <summary>
    /// Resolves a parsed name; <paramref name="known"/> is the repository when the caller has already
    /// looked it up (the authorization gate does, on the manifest-GET hot path), saving a second query.
    /// </summary>
    public async ValueTask<Result<RepositoryTarget>> ResolveAsync(
        AccountRecord account, RegistryName parsed, RepositoryRecord? known, CancellationToken cancellationToken)
    {
        RepositoryRecord? repository = known ?? await repositories.FindRepositoryAsync(account.Id, parsed.Repository, cancellationToken);
        if (repository is null)
        {
            return new RegistryError(RegistryErrors.NameUnknown, $"repository '{parsed.Repository.ToUrlPath()}' does not exist or is not authorized");
        }

        return new RepositoryTarget(account, repository, parsed);
    }
}
