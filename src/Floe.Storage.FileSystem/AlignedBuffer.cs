using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Floe.Storage.FileSystem;

/// <summary>
/// A pooled <see cref="UploadFile.BufferSize"/> buffer whose start is aligned to
/// <see cref="Alignment"/>, as direct (O_DIRECT) writes require. The arrays live on the pinned heap, so
/// the alignment holds for their whole life; pooling keeps their pages resident, which matters because
/// touching fresh memory is what made buffered writes slow (see docs/benchmarks.md).
/// </summary>
internal sealed class AlignedBuffer
{
    /// <summary>The page size: a multiple of every logical block size Linux file systems use.</summary>
    public const int Alignment = 4096;

    /// <summary>Enough for a few dozen concurrent uploads; beyond that buffers are simply dropped.</summary>
    private const int MaxPooled = 32;

    private static readonly ConcurrentQueue<AlignedBuffer> Pool = new();

    private readonly byte[] array;

    private AlignedBuffer()
    {
        array = GC.AllocateUninitializedArray<byte>(UploadFile.BufferSize + Alignment, pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        int skip = (int)((Alignment - (address % Alignment)) % Alignment);
        Memory = array.AsMemory(skip, UploadFile.BufferSize);
    }

    public Memory<byte> Memory { get; }

    public static AlignedBuffer Rent() => Pool.TryDequeue(out AlignedBuffer? buffer) ? buffer : new AlignedBuffer();

    public void Return()
    {
        if (Pool.Count < MaxPooled)
        {
            Pool.Enqueue(this);
        }
    }
}
