using System.Diagnostics.CodeAnalysis;

namespace Floe.Cli.Client;

/// <summary>Why a call to Floe did not give an answer the command can use.</summary>
internal enum ApiErrorKind
{
    /// <summary>The statement failed (<c>422</c>): has a Snowflake code and SQL state.</summary>
    Sql,

    /// <summary>Floe refused the credentials or the session token (<c>401</c>).</summary>
    Authentication,

    /// <summary>Another non-success HTTP status.</summary>
    Http,

    /// <summary>No HTTP answer at all: connection refused, name not resolved, TLS failure, time-out.</summary>
    Unreachable,

    /// <summary>An answer that does not follow the API contract.</summary>
    InvalidResponse,

    /// <summary>The settings ask for something this version cannot do.</summary>
    Unsupported,

    /// <summary>The settings are incomplete (no credentials): bad usage rather than a failure of Floe.</summary>
    Usage,
}

/// <summary>An expected failure of a call to Floe, as a value; <see cref="ToString"/> is what the user sees.</summary>
internal sealed record ApiError(ApiErrorKind Kind, string Message, string? Code = null, string? SqlState = null)
{
    /// <summary>The results of the statements of the request that ran before the one that failed (they keep their effect).</summary>
    public IReadOnlyList<StatementResult> Completed { get; init; } = [];

    public static ApiError Sql(string code, string sqlState, string message) => new(ApiErrorKind.Sql, message, code, sqlState);

    /// <summary>2 for bad usage, 1 for everything else (docs/cli.md).</summary>
    public int ExitCode => Kind == ApiErrorKind.Usage ? ExitCodes.Usage : ExitCodes.Error;

    public override string ToString() => Kind == ApiErrorKind.Sql ? $"{Code} ({SqlState}): {Message}" : Message;
}

/// <summary>Either a value or an <see cref="ApiError"/>.</summary>
internal sealed class ApiResult<T>
{
    private ApiResult(T? value, ApiError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ApiError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static ApiResult<T> Success(T value) => new(value, null);

    public static ApiResult<T> Failure(ApiError error) => new(default, error);

    public static implicit operator ApiResult<T>(ApiError error) => Failure(error);
}
