using BenchmarkDotNet.Attributes;
using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Server.Observability.History;
using Floe.Server.Registry;
using Microsoft.AspNetCore.Http;

namespace Floe.Benchmarks.History;

/// <summary>
/// What recording a pull in registry history adds to the request: the event, its enqueue and (so
/// the queue never fills) its dequeue by the writer's reader — everything but the batched store
/// write, which runs on the background writer, off the request.
/// </summary>
[MemoryDiagnoser]
public class HistoryRecorderBenchmarks
{
    private readonly HistoryRecorder recorder = new(new HistoryOptions(), TimeProvider.System);
    private readonly DefaultHttpContext context = new();
    private readonly Digest digest = Digest.Sha256Of("manifest"u8);
    private RepositoryTarget target = null!;

    [GlobalSetup]
    public void Setup()
    {
        AccountRecord account = new(1, "DEV", DateTimeOffset.UnixEpoch);
        RepositoryRecord repository = new(1, 1, new RepositoryKey("DB", "SCH", "REPO"), DateTimeOffset.UnixEpoch, "SYSADMIN", null, "SNOWFLAKE_SSE");
        RegistryName.TryParse("db/sch/repo/app", out RegistryName? name, out _);
        target = new RepositoryTarget(account, repository, name!) { Principal = new Core.Security.RegistryPrincipal(1, 7) };
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
    }

    [Benchmark]
    public bool RecordPull()
    {
        recorder.RecordRegistry(context, target, "pull", "latest", digest);
        return recorder.Reader.TryRead(out _);
    }
}
