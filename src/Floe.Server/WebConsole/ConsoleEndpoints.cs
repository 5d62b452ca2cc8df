using Floe.Core.Naming;
using Floe.Server.Authentication;
using Floe.Server.WebConsole.Pages;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.WebConsole;

/// <summary>
/// The web console under <c>/console</c> (and <c>GET /</c>, which redirects to it). Its security headers
/// are an endpoint filter of its own route group: no middleware is added, so registry requests
/// (<c>/v2/</c>) never run any of the console's code. Every form posts with an anti-forgery token that
/// is checked before anything changes.
/// </summary>
public static class ConsoleEndpoints
{
    public const string Root = "/console";

    /// <summary>No script but the console's own file, no inline script or style, no framing, forms only to Floe.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Redirect(Root + "/"));
        RouteGroupBuilder console = endpoints.MapGroup(Root);
        console.AddEndpointFilter(async (invocation, next) =>
        {
            IHeaderDictionary headers = invocation.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return await next(invocation);
        });
        console.MapGet("/", Handle(DatabasesAsync));
        console.MapGet("/schemas", Handle(SchemasAsync));
        console.MapGet("/repositories", Handle(RepositoriesAsync));
        console.MapGet("/repository", Handle(RepositoryAsync));
        console.MapGet("/manifest", Handle(ManifestAsync));
        console.MapGet("/worksheet", Handle((page, _) => Task.FromResult(page.Render<WorksheetPage>())));
        console.MapPost("/worksheet", Handle(RunWorksheetAsync, checkForm: true));
        console.MapPost("/role", Handle(SwitchRoleAsync, checkForm: true));
        console.MapGet("/admin", Handle(AdminAsync));
        console.MapGet("/signin", new Func<HttpContext, Task<IResult>>(SignInPageAsync));
        console.MapPost("/signin", new Func<HttpContext, Task<IResult>>(SignInAsync));
        console.MapPost("/signout", new Func<HttpContext, Task<IResult>>(SignOutAsync));
        console.MapPost("/sso/start", new Func<HttpContext, Task<IResult>>(StartSsoAsync));
        console.MapGet("/sso/callback", new Func<HttpContext, Task<IResult>>(SsoCallbackAsync));
        console.MapGet("/assets/{name}", (HttpContext context, string name) => ConsoleAssets.Serve(context, name));
        return endpoints;
    }

    /// <summary>
    /// A signed-in page: without a valid session the browser goes to the sign-in page (a cookie that no
    /// longer opens a session is cleared, and the page says the session ended); a form whose anti-forgery
    /// token does not check out is refused before it is read.
    /// </summary>
    private static Func<HttpContext, Task<IResult>> Handle(Func<ConsolePage, HttpContext, Task<IResult>> handler, bool checkForm = false) =>
        async context =>
        {
            if (checkForm && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                return Forbidden();
            }

            ConsolePage? page = await ConsolePage.OpenAsync(context);
            if (page is null)
            {
                bool expired = context.Request.Cookies.ContainsKey(ConsoleSessions.CookieName);
                if (expired)
                {
                    await context.RequestServices.GetRequiredService<ConsoleSessions>().SignOutAsync(context);
                }

                return Results.Redirect(Root + "/signin" + (expired ? "?expired=1" : string.Empty));
            }

            return await handler(page, context);
        };

    private static IResult Forbidden() => Results.Text(
        "This form came from another site or has expired: reload the page and try again.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    private static ConsoleCatalog Catalog(HttpContext context) => context.RequestServices.GetRequiredService<ConsoleCatalog>();

    private static string Query(HttpContext context, string name) => context.Request.Query[name].ToString();

    private static async Task<IResult> DatabasesAsync(ConsolePage page, HttpContext context)
    {
        (SqlStatementResult? result, SqlError? error) = await Catalog(context).DatabasesAsync(page.User, context.RequestAborted);
        return page.Render<DatabasesPage>(new Listing(result, error), error is null ? 200 : 404);
    }

    private static async Task<IResult> SchemasAsync(ConsolePage page, HttpContext context)
    {
        string database = Query(context, "db");
        (SqlStatementResult? result, SqlError? error) = await Catalog(context).SchemasAsync(page.User, database, context.RequestAborted);
        return page.Render<SchemasPage>(new Listing(result, error) { Database = database }, error is null ? 200 : 404);
    }

    private static async Task<IResult> RepositoriesAsync(ConsolePage page, HttpContext context)
    {
        string database = Query(context, "db"), schema = Query(context, "schema");
        (SqlStatementResult? result, SqlError? error) = await Catalog(context).RepositoriesAsync(page.User, database, schema, context.RequestAborted);
        return page.Render<RepositoriesPage>(new Listing(result, error) { Database = database, Schema = schema }, error is null ? 200 : 404);
    }

    private static async Task<IResult> RepositoryAsync(ConsolePage page, HttpContext context)
    {
        RepositoryKey key = new(Query(context, "db"), Query(context, "schema"), Query(context, "repo"));
        string? image = context.Request.Query.ContainsKey("image") ? Query(context, "image") : null;
        int pageNumber = int.TryParse(Query(context, "page"), out int n) ? n : 1;
        (RepositoryListing? listing, SqlError? error) = await Catalog(context).RepositoryAsync(page.User, key, image, pageNumber, context.RequestAborted);
        string host = context.Request.Host.Value ?? string.Empty;
        return page.Render<RepositoryPage>(new RepositoryContent(key, host, listing, error), error is null ? 200 : 404);
    }

    private static async Task<IResult> ManifestAsync(ConsolePage page, HttpContext context)
    {
        RepositoryKey key = new(Query(context, "db"), Query(context, "schema"), Query(context, "repo"));
        string image = Query(context, "image"), digest = Query(context, "digest");
        (ManifestView? manifest, SqlError? error) = await Catalog(context).ManifestAsync(page.User, key, image, digest, context.RequestAborted);
        error ??= manifest is null ? SqlErrors.NotFound("Manifest", digest) : null;
        string host = context.Request.Host.Value ?? string.Empty;
        return page.Render<ManifestPage>(new ManifestContent(key, host, image, manifest, error), error is null ? 200 : 404);
    }

    private static async Task<IResult> RunWorksheetAsync(ConsolePage page, HttpContext context)
    {
        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        string statement = form["sql"].ToString();
        SqlBatchResult? result = string.IsNullOrWhiteSpace(statement)
            ? null
            : await context.RequestServices.GetRequiredService<ConsoleSql>().RunAsync(page.User, statement, context.RequestAborted);
        // The statements may have changed the role (USE ROLE): the page shows the session as it is now.
        ConsolePage? now = await ConsolePage.OpenAsync(context) ?? page;
        return now.Render<WorksheetPage>(new WorksheetContent(statement, result), result?.Error is null ? 200 : 422);
    }

    private static async Task<IResult> SwitchRoleAsync(ConsolePage page, HttpContext context)
    {
        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        string role = form["role"].ToString();
        string back = form["back"].ToString();
        SqlBatchResult result = await context.RequestServices.GetRequiredService<ConsoleSql>()
            .RunAsync(page.User, "USE ROLE " + ConsoleSql.Quote(role), context.RequestAborted);
        if (result.Error is not null)
        {
            return page.Render<MessagePage>(result.Error, StatusCodes.Status422UnprocessableEntity);
        }

        // Only back to a page of the console: never a redirect to elsewhere.
        return Results.Redirect(back.StartsWith(Root + "/", StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal) ? back : Root + "/");
    }

    private static async Task<IResult> AdminAsync(ConsolePage page, HttpContext context)
    {
        AdminView view = AdminView.Parse(Query(context, "view"), Query(context, "role"), page.User.Role);
        (SqlStatementResult? result, SqlError? error) = await context.RequestServices.GetRequiredService<ConsoleSql>()
            .QueryAsync(page.User, view.Statement, context.RequestAborted);
        return page.Render<AdminPage>(new AdminContent(view, result, error));
    }

    private static async Task<IResult> SignInPageAsync(HttpContext context)
    {
        if (await context.RequestServices.GetRequiredService<ConsoleSessions>().CurrentAsync(context) is not null)
        {
            return Results.Redirect(Root + "/");
        }

        string? message = context.Request.Query.ContainsKey("expired") ? "Your session has ended. Sign in again." : null;
        return await SignInFormAsync(context, message, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SignInAsync(HttpContext context)
    {
        if (!await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            return Forbidden();
        }

        ConsoleSessions sessions = context.RequestServices.GetRequiredService<ConsoleSessions>();
        Floe.Core.Metadata.AccountRecord? account = await sessions.AccountAsync(context);
        if (account is null)
        {
            return await SignInFormAsync(context, NoAccount(context), StatusCodes.Status404NotFound);
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        string user = form["user"].ToString(), password = form["password"].ToString();
        if (user.Length == 0 || password.Length == 0)
        {
            return await SignInFormAsync(context, "Enter a user name and a password.", StatusCodes.Status400BadRequest);
        }

        LoginOutcome outcome = await sessions.SignInAsync(context, account, user, password);
        if (outcome.Succeeded)
        {
            return Results.Redirect(Root + "/");
        }

        return await RefusedAsync(context, outcome);
    }

    private static async Task<IResult> RefusedAsync(HttpContext context, LoginOutcome outcome)
    {
        if (outcome.RetryAfterSeconds is int seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await SignInFormAsync(context, outcome.Description, outcome.Status);
    }

    private static string NoAccount(HttpContext context) => $"The host '{context.Request.Host.Host}' names no account.";

    /// <summary>The sign-in page: the password form and a "Sign in with" button per integration the console can sign in with.</summary>
    private static async Task<IResult> SignInFormAsync(HttpContext context, string? message, int status)
    {
        Floe.Core.Metadata.AccountRecord? account = await context.RequestServices.GetRequiredService<ConsoleSessions>().AccountAsync(context);
        IReadOnlyList<string> sso = account is null
            ? []
            : await context.RequestServices.GetRequiredService<ConsoleSso>().OptionsAsync(account, context.RequestAborted);
        return new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<SignInPage>(new Dictionary<string, object?>
        {
            ["Csrf"] = ConsolePage.CsrfToken(context),
            ["Message"] = message,
            ["Sso"] = sso,
        }) { StatusCode = status };
    }

    /// <summary>
    /// "Sign in with &lt;integration&gt;": the browser goes on to the provider's sign-in page through a small page
    /// of Floe's (a redirect answering this form would be a form submission to another site, which the
    /// console's <c>form-action 'self'</c> forbids).
    /// </summary>
    private static async Task<IResult> StartSsoAsync(HttpContext context)
    {
        if (!await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            return Forbidden();
        }

        Floe.Core.Metadata.AccountRecord? account = await context.RequestServices.GetRequiredService<ConsoleSessions>().AccountAsync(context);
        if (account is null)
        {
            return await SignInFormAsync(context, NoAccount(context), StatusCodes.Status404NotFound);
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        (string? url, LoginOutcome? failure) = await context.RequestServices.GetRequiredService<ConsoleSso>()
            .StartAsync(context, account, form["integration"].ToString());
        return url is null
            ? await RefusedAsync(context, failure!)
            : Continue(url, "Continue to your identity provider");
    }

    /// <summary>
    /// The provider's redirect back. The session cookie is <c>SameSite=Strict</c>, so a browser would not send it
    /// on a redirect that is still part of the provider's cross-site navigation: a small page of Floe's takes the
    /// person on to the console.
    /// </summary>
    private static async Task<IResult> SsoCallbackAsync(HttpContext context)
    {
        Floe.Core.Metadata.AccountRecord? account = await context.RequestServices.GetRequiredService<ConsoleSessions>().AccountAsync(context);
        if (account is null)
        {
            return await SignInFormAsync(context, NoAccount(context), StatusCodes.Status404NotFound);
        }

        LoginOutcome outcome = await context.RequestServices.GetRequiredService<ConsoleSso>().CompleteAsync(context, account);
        return outcome.Succeeded ? Continue(Root + "/", "Continue to the console") : await RefusedAsync(context, outcome);
    }

    private static IResult Continue(string url, string text) =>
        new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<ContinuePage>(new Dictionary<string, object?>
        {
            ["Url"] = url,
            ["Text"] = text,
        });

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        if (!await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            return Forbidden();
        }

        await context.RequestServices.GetRequiredService<ConsoleSessions>().SignOutAsync(context);
        return Results.Redirect(Root + "/signin");
    }
}
