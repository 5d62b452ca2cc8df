using System.Diagnostics.CodeAnalysis;

namespace Floe.Sql.Errors;

/// <summary>The value of a SQL operation, or the SQL error that stopped it.</summary>
public readonly struct SqlResult<T>
{
    private SqlResult(T? value, SqlError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public SqlError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Error is null;

    public static SqlResult<T> Ok(T value) => new(value, null);

    public static SqlResult<T> Fail(SqlError error) => new(default, error);

    public static implicit operator SqlResult<T>(T value) => Ok(value);

    public static implicit operator SqlResult<T>(SqlError error) => Fail(error);
}
