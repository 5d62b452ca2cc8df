using Npgsql;

namespace Floe.Metadata.Postgres.Connections;

/// <summary>
/// One open connection from the data source's pool, used by one caller at a time, with the
/// commands made on it (disposed when the connection goes back). Statements are prepared on the
/// server by Npgsql's automatic preparation (see <see cref="PostgresConnectionPool"/>), which
/// keeps them per physical connection across rentals.
/// </summary>
internal sealed class PooledConnection : IDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly List<NpgsqlCommand> _commands = [];
    private NpgsqlTransaction? _transaction;

    public PooledConnection(NpgsqlConnection connection)
    {
        _connection = connection;
    }

    /// <summary>A command for <paramref name="statement"/>, with no parameters and in the open transaction if any.</summary>
    public NpgsqlCommand Command(SqlStatement statement)
    {
        NpgsqlCommand command = new(statement.Text, _connection, _transaction);
        _commands.Add(command);
        return command;
    }

    /// <summary>A command the caller disposes: for statements built once per call (migrations, large bodies).</summary>
    public NpgsqlCommand OneOffCommand(string sql) => new(SqlStatement.ToNpgsql(sql), _connection, _transaction);

    /// <summary>A binary <c>COPY ... FROM STDIN</c> into a table, inside the open transaction if any.</summary>
    public Task<NpgsqlBinaryImporter> BeginBinaryImportAsync(string copyFromCommand, CancellationToken cancellationToken) =>
        _connection.BeginBinaryImportAsync(copyFromCommand, cancellationToken);

    public async ValueTask<NpgsqlTransaction> BeginAsync(System.Data.IsolationLevel isolation, CancellationToken cancellationToken)
    {
        _transaction = await _connection.BeginTransactionAsync(isolation, cancellationToken);
        return _transaction;
    }

    public void Dispose()
    {
        foreach (NpgsqlCommand command in _commands)
        {
            command.Dispose();
        }

        _commands.Clear();
        _transaction?.Dispose();
        _transaction = null;
        _connection.Dispose();
    }
}
