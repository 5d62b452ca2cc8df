using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Floe.Server.Observability.Logging;

/// <summary>
/// The console log, written in batches. Each line is formatted on the logging thread by the same
/// formatter ASP.NET's console logger uses (<c>simple</c> text, or <c>json</c>), so the output is the
/// same; but instead of a lock, a wake-up and a <c>write</c> call per line, lines go onto a queue that
/// <see cref="ConsoleLogWriter"/> empties in one write per batch. Under load that is what an access log
/// line costs: with ASP.NET's console logger the access log took about two fifths of a small request's
/// throughput (docs/benchmarks.md). It answers to the same configuration (the <c>Console</c> alias,
/// <see cref="ConsoleLoggerOptions"/>).
/// </summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly IOptionsMonitor<ConsoleLoggerOptions> _options;
    private readonly Dictionary<string, ConsoleFormatter> _formatters;
    private readonly ConsoleLogWriter _writer;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
        : this(options, formatters, new ConsoleLogWriter(Console.OpenStandardOutput(), Console.OpenStandardError()))
    {
    }

    internal BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, ConsoleLogWriter writer)
    {
        _options = options;
        _formatters = formatters.ToDictionary(formatter => formatter.Name, StringComparer.OrdinalIgnoreCase);
        _writer = writer;
    }

    public ILogger CreateLogger(string categoryName) => new BatchedConsoleLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Writes what is queued before it returns.</summary>
    public void Dispose() => _writer.Dispose();

    private ConsoleFormatter Formatter =>
        _formatters.TryGetValue(_options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple, out ConsoleFormatter? chosen)
            ? chosen
            : _formatters[ConsoleFormatterNames.Simple];

    private sealed class BatchedConsoleLogger(string category, BatchedConsoleLoggerProvider provider) : ILogger
    {
        [ThreadStatic]
        private static StringWriter? t_buffer;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            StringWriter buffer = t_buffer ??= new StringWriter();
            StringBuilder text = buffer.GetStringBuilder();
            string line;
            try
            {
                provider.Formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, buffer);
                line = text.ToString();
            }
            finally
            {
                // Emptied even when a formatter throws, so no half line reaches the next message; a rare
                // huge message (an exception's stack) does not keep its buffer alive on the thread.
                if (text.Capacity > 16 * 1024)
                {
                    t_buffer = null;
                }
                else
                {
                    text.Clear();
                }
            }

            if (line.Length == 0)
            {
                return;
            }

            provider._writer.Enqueue(line, logLevel >= provider._options.CurrentValue.LogToStandardErrorThreshold);
        }
    }
}

/// <summary>Registration of <see cref="BatchedConsoleLoggerProvider"/>.</summary>
internal static class BatchedConsoleLogRegistration
{
    /// <summary>
    /// Puts the batched console log in place of ASP.NET's console logger, keeping the formatters and
    /// options that <c>AddConsole</c>/<c>AddJsonConsole</c> registered. Without a console logger
    /// registered, nothing changes.
    /// </summary>
    public static IServiceCollection UseBatchedConsoleLog(this IServiceCollection services)
    {
        ServiceDescriptor[] console = [.. services.Where(descriptor =>
            descriptor.ServiceType == typeof(ILoggerProvider) && descriptor.ImplementationType == typeof(ConsoleLoggerProvider))];
        if (console.Length == 0)
        {
            return services;
        }

        foreach (ServiceDescriptor descriptor in console)
        {
            services.Remove(descriptor);
        }

        services.AddSingleton<ILoggerProvider, BatchedConsoleLoggerProvider>();
        return services;
    }
}
