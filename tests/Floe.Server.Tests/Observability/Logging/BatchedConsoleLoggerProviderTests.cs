using System.Text;
using System.Text.Json;
using Floe.Server.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Floe.Server.Tests.Observability.Logging;

/// <summary>
/// The batched console log: the same lines ASP.NET's console logger would write (its own formatters),
/// every line kept and in order under concurrent loggers, errors to standard error past the threshold,
/// and nothing lost when the process stops.
/// </summary>
public sealed class BatchedConsoleLoggerProviderTests
{
    [Fact]
    public void Log_TextFormat_WritesWhatTheConsoleFormatterWrites()
    {
        using Captured log = Captured.Start(logging => logging.AddConsole());
        log.Factory.CreateLogger("Floe.Access").LogInformation(1300, "request {RequestId} status={Status}", "abc", 200);
        log.Factory.CreateLogger("Floe.Other").LogWarning("careful");

        Assert.Equal(
            "info: Floe.Access[1300]\n      request abc status=200\nwarn: Floe.Other[0]\n      careful\n",
            log.StopAndReadOut().Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_JsonFormat_EveryLineIsOneJsonObjectWithTheStateFields()
    {
        using Captured log = Captured.Start(logging => logging.AddJsonConsole());
        log.Factory.CreateLogger("Floe.Access").LogInformation(1300, "request {RequestId} status={Status}", "abc", 200);

        string[] lines = log.StopAndReadOut().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonElement entry = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("Floe.Access", entry.GetProperty("Category").GetString());
        Assert.Equal("request abc status=200", entry.GetProperty("Message").GetString());
        Assert.Equal(200, entry.GetProperty("State").GetProperty("Status").GetInt32());
    }

    [Fact]
    public void Log_ManyThreadsAtOnce_EveryLineWrittenWholeAndInEachThreadsOrder()
    {
        const int Threads = 8;
        const int PerThread = 5_000;
        using Captured log = Captured.Start(logging => logging.AddConsole());
        ILogger logger = log.Factory.CreateLogger("Floe.Access");

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                logger.LogInformation("line {Thread}:{Index}", thread, i);
            }
        });

        int[] next = new int[Threads];
        foreach (string line in log.StopAndReadOut().Split('\n').Where(line => line.StartsWith("      line ", StringComparison.Ordinal)))
        {
            string[] parts = line["      line ".Length..].Split(':');
            int thread = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(next[thread], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            next[thread]++;
        }

        Assert.All(next, count => Assert.Equal(PerThread, count));
    }

    [Fact]
    public void Log_AtOrAboveTheStandardErrorThreshold_GoesToStandardError()
    {
        using Captured log = Captured.Start(logging => logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Error));
        ILogger logger = log.Factory.CreateLogger("Floe.Test");
        logger.LogInformation("to out");
        logger.LogError("to error");

        string output = log.StopAndReadOut();
        Assert.Contains("to out", output, StringComparison.Ordinal);
        Assert.DoesNotContain("to error", output, StringComparison.Ordinal);
        Assert.Contains("to error", log.ReadError(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_FormatterFailsHalfway_NextLineCarriesNothingOfIt()
    {
        using Captured log = Captured.Start(logging => logging.AddSimpleConsole(console => console.IncludeScopes = true));
        ILogger logger = log.Factory.CreateLogger("Floe.Test");

        using (logger.BeginScope(new Unprintable()))
        {
            // The formatter has written the line's start when it asks the scope for its text.
            Assert.ThrowsAny<Exception>(() => logger.LogInformation("first"));
        }

        logger.LogInformation("second");

        Assert.Equal("info: Floe.Test[0]\n      second\n", log.StopAndReadOut().Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void UseBatchedConsoleLog_ReplacesAspNetsConsoleLoggerOnly()
    {
        ServiceCollection services = new();
        services.AddLogging(logging => logging.AddConsole().AddDebug());
        services.UseBatchedConsoleLog();

        using ServiceProvider provider = services.BuildServiceProvider();
        Type[] providers = [.. provider.GetServices<ILoggerProvider>().Select(logger => logger.GetType())];
        Assert.Contains(typeof(BatchedConsoleLoggerProvider), providers);
        Assert.DoesNotContain(typeof(ConsoleLoggerProvider), providers);
        Assert.Contains(providers, type => type.Name == "DebugLoggerProvider");
    }

    /// <summary>A scope whose text cannot be made.</summary>
    private sealed class Unprintable
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }

    /// <summary>A logger factory whose console log writes to memory instead of the process's streams.</summary>
    private sealed class Captured : IDisposable
    {
        private readonly MemoryStream _out = new();
        private readonly MemoryStream _error = new();
        private readonly ServiceProvider _services;
        private readonly BatchedConsoleLoggerProvider _provider;

        private Captured(Action<ILoggingBuilder> configure)
        {
            ServiceCollection services = new();
            services.AddLogging(configure);
            _services = services.BuildServiceProvider();
            _provider = new BatchedConsoleLoggerProvider(
                _services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(),
                _services.GetServices<ConsoleFormatter>(),
                new ConsoleLogWriter(_out, _error));
            Factory = new LoggerFactory([_provider]);
        }

        public ILoggerFactory Factory { get; }

        public static Captured Start(Action<ILoggingBuilder> configure) => new(configure);

        /// <summary>Stops the log (as the process does when it ends) and returns standard output.</summary>
        public string StopAndReadOut()
        {
            _provider.Dispose();
            return Encoding.UTF8.GetString(_out.ToArray());
        }

        public string ReadError() => Encoding.UTF8.GetString(_error.ToArray());

        public void Dispose()
        {
            Factory.Dispose();
            _services.Dispose();
        }
    }
}
