using System.CommandLine;
using Floe.Server.Hosting;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Builder;

namespace Floe.Cli.Commands;

/// <summary><c>floe serve</c>: runs the registry until stopped (SIGINT/SIGTERM end it gracefully).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        Option<string?> listen = new("--listen") { Description = "Address to listen on (default http://127.0.0.1:5000, https:// with TLS)." };
        Option<string?> dataDir = new("--data-dir") { Description = "Data directory of the embedded default (default ./floe-data)." };
        Option<string?> domain = new("--domain") { Description = "Registry domain for account hosts (default registry.localhost)." };
        Option<string?> config = new("--config") { Description = "A JSON configuration file." };
        Option<string?> tlsCert = new("--tls-cert") { Description = "PEM certificate to serve HTTPS with (leaf first, then intermediates)." };
        Option<string?> tlsKey = new("--tls-key") { Description = "PEM private key of the --tls-cert certificate." };

        Command command = new("serve", "Run the registry.") { listen, dataDir, domain, config, tlsCert, tlsKey };
        command.SetAction(async (result, cancellationToken) =>
        {
            Dictionary<string, string?> settings = new(StringComparer.OrdinalIgnoreCase);
            Put(settings, nameof(ListenerOptions.Listen), result.GetValue(listen));
            Put(settings, nameof(StorageOptions.DataDir), result.GetValue(dataDir));
            Put(settings, nameof(TenancyOptions.Domain), result.GetValue(domain));
            Put(settings, nameof(ListenerOptions.TlsCert), result.GetValue(tlsCert));
            Put(settings, nameof(ListenerOptions.TlsKey), result.GetValue(tlsKey));
            WebApplication app;
            try
            {
                app = await FloeServer.CreateAsync(settings, result.GetValue(config), Backends.All(), ownDataDirectory: true, cancellationToken: cancellationToken);
            }
            catch (FloeConfigurationException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync("floe serve: " + ex.Message);
                return ExitCodes.Usage;
            }

            try
            {
                await app.RunAsync();
            }
            catch (IOException ex)
            {
                // Kestrel could not bind after all (the address was taken after the check at startup).
                await result.InvocationConfiguration.Error.WriteLineAsync("floe serve: " + ex.Message);
                return ExitCodes.Usage;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Put(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }
}
