using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.WebConsole;

/// <summary>
/// What every signed-in page needs besides its own content: the user, the roles the switcher offers,
/// the anti-forgery token its forms carry, and the page's own address (where a form sends the user back).
/// </summary>
/// <remarks>Public only because the pages (public Razor components) take it as a parameter; its members are the server's own.</remarks>
public sealed class ConsolePage
{
    internal ConsolePage(ConsoleUser user, IReadOnlyList<string> roles, string csrf, string here)
    {
        User = user;
        Roles = roles;
        Csrf = csrf;
        Here = here;
    }

    internal ConsoleUser User { get; }

    internal IReadOnlyList<string> Roles { get; }

    internal string Csrf { get; }

    internal string Here { get; }

    /// <summary>The page of a signed-in request, or <c>null</c> when the request has no valid session.</summary>
    internal static async Task<ConsolePage?> OpenAsync(HttpContext context)
    {
        IServiceProvider services = context.RequestServices;
        ConsoleUser? user = await services.GetRequiredService<ConsoleSessions>().CurrentAsync(context);
        if (user is null)
        {
            return null;
        }

        IReadOnlyList<string> roles = await services.GetRequiredService<ConsoleSql>().AvailableRolesAsync(user, context.RequestAborted);
        return new ConsolePage(user, roles, CsrfToken(context), context.Request.Path + context.Request.QueryString);
    }

    /// <summary>The anti-forgery token for this response's forms (its cookie half is set with it).</summary>
    internal static string CsrfToken(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken ?? string.Empty;

    /// <summary>Renders <typeparamref name="TPage"/> with this page and the page's own parameters.</summary>
    internal IResult Render<TPage>(object? content = null, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<TPage>(new Dictionary<string, object?> { ["Page"] = this, ["Content"] = content }) { StatusCode = status };
}
