using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Floe.Server.WebConsole;

/// <summary>The web console's services: its session cookie, SQL runner, catalog, Razor rendering, anti-forgery tokens and their key ring.</summary>
public static class ConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddFloeConsole(this IServiceCollection services)
    {
        services.TryAddSingleton<ConsoleSessions>();
        services.TryAddSingleton<ConsoleSql>();
        services.TryAddSingleton<ConsoleCatalog>();
        services.TryAddSingleton<ConsoleSso>();
        services.AddConsoleKeyRing();
        // Static server-side rendering only: no circuits, no WebAssembly, no endpoints of its own.
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.FormFieldName = "csrf";
            options.HeaderName = null;
            options.Cookie.Name = "floe_console_csrf";
            options.Cookie.Path = ConsoleEndpoints.Root;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }
}
