using Floe.Core.Blobs;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Microsoft.Extensions.Logging;

namespace Floe.Server.Hosting;

/// <summary>
/// First start of a deployment: migrates the metadata schema and provisions the
/// bootstrap account — the organization's account when it is the first, with its system roles and the
/// admin user holding ACCOUNTADMIN and ORGADMIN. Safe to run on every start and on several nodes at once; once the
/// account is provisioned a start costs one read and never touches the admin again.
/// </summary>
internal sealed partial class Bootstrapper(
    IMetadataMigrations migrations,
    IAccountStore accounts,
    IAccountCatalog catalog,
    IRoleStore roles,
    IEnumerable<IBlobStoreProbe> blobProbes,
    BootstrapOptions options,
    PasswordHasher hasher,
    ILogger<Bootstrapper> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // An object store is checked first, while nothing has been written yet.
        foreach (IBlobStoreProbe probe in blobProbes)
        {
            try
            {
                await probe.ProbeAsync(cancellationToken);
            }
            catch (BlobStoreUnavailableException ex)
            {
                throw new FloeConfigurationException("blob store: " + ex.Message);
            }
        }

        try
        {
            await migrations.MigrateAsync(cancellationToken);
        }
        catch (MetadataStoreUnavailableException ex)
        {
            // A setting (the connection string) or the database is wrong: one line, exit code 2, nothing served or created.
            throw new FloeConfigurationException("metadata store: " + ex.Message);
        }

        Directory.CreateDirectory(Path.GetFullPath(options.DataDir));

        AccountRecord? account = await accounts.FindAccountAsync(options.BootstrapAccount, cancellationToken);
        if (account is not null && await roles.FindRoleAsync(account.Id, SystemRoles.AccountAdmin, cancellationToken) is not null)
        {
            return;
        }

        // The organization's account is its first one: a bootstrap account renamed later is a regular account.
        bool first = !(await catalog.ListAccountsAsync(cancellationToken)).Any(existing => existing.IsOrganizationAccount);
        string password = options.AdminPassword ?? SecretHasher.NewSecret(string.Empty);
        NewAccount bootstrap = new(options.BootstrapAccount, options.AdminUser, hasher.Hash(password)) { IsOrganizationAccount = first };
        AccountProvisioning provisioning = await catalog.EnsureAccountAsync(bootstrap, cancellationToken);
        if (provisioning.Provisioned && options.AdminPassword is null)
        {
            await WriteGeneratedPasswordAsync(password, cancellationToken);
        }
    }

    /// <summary>Prints the generated password once and keeps it in a file only its owner can read.</summary>
    private async Task WriteGeneratedPasswordAsync(string password, CancellationToken cancellationToken)
    {
        FileStreamOptions ownerOnly = new() { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            ownerOnly.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (StreamWriter file = new(options.AdminPasswordFile, ownerOnly))
        {
            await file.WriteLineAsync(password.AsMemory(), cancellationToken);
        }

        await Console.Out.WriteLineAsync($"Generated the password of {options.AdminUser} in account {options.BootstrapAccount}: {password}");
        LogPasswordGenerated(logger, options.AdminUser, options.BootstrapAccount, options.AdminPasswordFile);
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning,
        Message = "Generated a password for {User} in account {Account}; it is in {Path}, readable only by its owner")]
    private static partial void LogPasswordGenerated(ILogger logger, string user, string account, string path);
}
