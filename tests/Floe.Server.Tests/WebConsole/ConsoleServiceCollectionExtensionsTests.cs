using Floe.Server.WebConsole;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Tests.WebConsole;

/// <summary>
/// The console must stay off the registry's request path. WebApplication adds the authentication and
/// authorization middleware to every request by itself when their services are registered; the
/// console's services must not bring them in.
/// </summary>
public sealed class ConsoleServiceCollectionExtensionsTests
{
    [Fact]
    public void AddFloeConsole_Services_RegisterNothingThatAddsMiddlewareToEveryRequest()
    {
        ServiceCollection services = new();
        services.AddLogging();
        services.AddFloeConsole();
        using ServiceProvider provider = services.BuildServiceProvider();
        IServiceProviderIsService registered = provider.GetRequiredService<IServiceProviderIsService>();

        Assert.False(registered.IsService(typeof(IAuthenticationSchemeProvider)));
        Assert.False(registered.IsService(typeof(IAuthorizationHandlerProvider)));
    }
}
