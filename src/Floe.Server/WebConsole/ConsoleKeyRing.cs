using System.Xml.Linq;
using Floe.Core.Metadata.ControlPlane;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.WebConsole;

/// <summary>
/// The console's data-protection key ring (what its anti-forgery tokens and the sign-in flow cookie are
/// protected with) kept in the metadata store, so every node of a deployment reads the keys any node wrote,
/// whatever machine or user it runs as: a form served by one node posts to any other. The first node that
/// needs a key creates it; the others read it. The keys are stored unencrypted, next to the registry-token
/// signing keys and password hashes they are as sensitive as (docs/design/console-key-ring.md).
/// </summary>
internal static class ConsoleKeyRing
{
    /// <summary>
    /// The name every node protects under. ASP.NET Core otherwise derives it from the install path, so
    /// nodes installed in different directories could not read each other's tokens.
    /// </summary>
    public const string ApplicationName = "floe";

    public static IServiceCollection AddConsoleKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IDataProtectionKeyStore, TimeProvider>((options, store, time) => options.XmlRepository = new MetadataXmlRepository(store, time));
        return services;
    }

    /// <summary>
    /// ASP.NET Core's key storage over <see cref="IDataProtectionKeyStore"/>. Its interface is synchronous;
    /// it is called only when the key ring is (re)loaded, about once a day, and on the rare key creation.
    /// </summary>
    internal sealed class MetadataXmlRepository(IDataProtectionKeyStore store, TimeProvider time) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
        [
            .. store.ListDataProtectionKeysAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()
                .Select(key => XElement.Parse(key.Xml)),
        ];

        /// <summary>Stores the element; another node having stored one under the same name already is fine (names are GUIDs).</summary>
        public void StoreElement(XElement element, string friendlyName)
        {
            ArgumentNullException.ThrowIfNull(element);
            string name = string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("D") : friendlyName;
            store.AddDataProtectionKeyAsync(
                    new DataProtectionKeyRecord(name, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow()), CancellationToken.None)
                .AsTask().GetAwaiter().GetResult();
        }
    }
}
