using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;

namespace Floe.Server.Hosting;

/// <summary>
/// First start of a deployment (PRODUCT.md §1.4): migrates the metadata schema and provisions the
/// organization's first account with its system roles and admin user. The admin password comes from
/// <c>FLOE_ADMIN_PASSWORD</c>; otherwise a generated one is printed once and saved, readable only by
/// the owner, in the data directory. Safe to run on every start and on several nodes at once.
/// </summary>
internal sealed class Bootstrapper(IMetadataStore store, IControlPlaneStore controlPlane, PasswordHasher passwords, FloeServerOptions options)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetFullPath(options.DataDir));
        await store.MigrateAsync(cancellationToken);
        if (await store.FindAccountAsync(options.BootstrapAccount, cancellationToken) is not null)
        {
            return;
        }

        (string password, bool generated) = AdminPassword.Resolve(options.AdminPassword);
        NewAccount account = new(options.BootstrapAccount, options.AdminUser, passwords.Hash(password)) { IsOrganizationAccount = true };
        AccountProvisioning provisioning = await controlPlane.EnsureAccountAsync(account, cancellationToken);
        if (provisioning.Provisioned && generated)
        {
            string path = AdminPassword.Save(options.DataDir, password);
            await Console.Out.WriteLineAsync(
                $"Floe: created account {options.Organization}.{options.BootstrapAccount} with admin user {options.AdminUser}; " +
                $"its generated password is {password} (also saved in {path}, readable only by you). Set FLOE_ADMIN_PASSWORD to choose it.");
        }
    }
}
