using System.Text.Encodings.Web;
using System.Text.Json;
using Floe.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Errors;

/// <summary>
/// The one place that writes the OCI error envelope: <c>{"errors":[{"code","message","detail"}]}</c>
/// with the status of the error table's row. HEAD responses carry the status and no body.
/// </summary>
internal sealed class RegistryErrorResult(RegistryError error) : IResult
{
    // The body is JSON served as application/json, never embedded in HTML: quotes and '<' need no escaping.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public RegistryError Error { get; } = error;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        HttpResponse response = httpContext.Response;
        response.StatusCode = Error.Code.Status;
        if (HttpMethods.IsHead(httpContext.Request.Method))
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        await using Utf8JsonWriter writer = new(response.BodyWriter, WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteString("code", Error.Code.Code);
        writer.WriteString("message", Error.Message);
        writer.WriteStartObject("detail");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

internal static class RegistryErrorResults
{
    public static IResult ToResult(this RegistryError error) => new RegistryErrorResult(error);

    public static IResult ToResult(this RegistryErrorCode code, string? detail = null) =>
        new RegistryErrorResult(new RegistryError(code, detail));
}
