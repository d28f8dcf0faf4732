using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Ironclad.Core.Inputs;

/// <summary>What a path is on disk, not following a final symbolic link.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, socket or device: read or written in place, never replaced, never searched.</summary>
    Special,
}

/// <summary>The facts of a file that .NET does not expose: its type, owner and hard-link count.</summary>
public sealed record FileFacts(FileKind Kind, int Mode, uint Owner, uint Group, long Links);

/// <summary>
/// <c>lstat(2)</c>, for the file types and owners that decide how a file may be read or replaced.
/// .NET exposes neither the type of a non-regular file, nor the owner, nor the link count, so this reads
/// them from libc, with the <c>struct stat</c> layout of each platform we ship for (Linux x64 and arm64,
/// macOS arm64). Elsewhere it answers null and callers keep the portable behaviour.
/// </summary>
public static partial class FileStat
{
    private const int TypeMask = 0xF000;

    /// <summary>The file's facts, null where the platform is not supported; a missing path is <see cref="FileKind.Missing"/>.</summary>
    public static FileFacts? Of(string path)
    {
        var layout = Layout();
        if (layout is not { } l)
        {
            return null;
        }

        var buffer = new byte[256];
        if ((OperatingSystem.IsMacOS() ? MacLStat(path, buffer) : LinuxLStat(path, buffer)) != 0)
        {
            return new FileFacts(FileKind.Missing, 0, 0, 0, 0);
        }

        var span = buffer.AsSpan();
        var mode = l.ModeSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(span[l.Mode..]) : (int)BinaryPrimitives.ReadUInt32LittleEndian(span[l.Mode..]);
        long links = l.LinkSize switch
        {
            2 => BinaryPrimitives.ReadUInt16LittleEndian(span[l.Links..]),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(span[l.Links..]),
            _ => BinaryPrimitives.ReadInt64LittleEndian(span[l.Links..]),
        };
        var kind = (mode & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Special,
        };
        return new FileFacts(kind, mode & 0xFFF, BinaryPrimitives.ReadUInt32LittleEndian(span[l.Owner..]), BinaryPrimitives.ReadUInt32LittleEndian(span[(l.Owner + 4)..]), links);
    }

    /// <summary>Gives a file an owner and group (a no-op when they are already its own); false if not allowed.</summary>
    public static bool TryChangeOwner(string path, uint owner, uint group) => Layout() is null || (OperatingSystem.IsMacOS() ? MacLChown(path, owner, group) : LinuxLChown(path, owner, group)) == 0;

    private static StatLayout? Layout() => (OperatingSystem.IsLinux(), OperatingSystem.IsMacOS(), RuntimeInformation.OSArchitecture) switch
    {
        // glibc x86_64: st_dev, st_ino, st_nlink (8 bytes), st_mode, st_uid, st_gid.
        (true, _, Architecture.X64) => new StatLayout(Mode: 24, ModeSize: 4, Links: 16, LinkSize: 8, Owner: 28),

        // The generic layout (arm64): st_dev, st_ino, st_mode, st_nlink (4 bytes), st_uid, st_gid.
        (true, _, Architecture.Arm64) => new StatLayout(Mode: 16, ModeSize: 4, Links: 20, LinkSize: 4, Owner: 24),

        // Darwin with 64-bit inodes: st_dev (4), st_mode (2), st_nlink (2), st_ino (8), st_uid, st_gid.
        (_, true, Architecture.Arm64) => new StatLayout(Mode: 4, ModeSize: 2, Links: 6, LinkSize: 2, Owner: 16),
        _ => null,
    };

    [LibraryImport("libc.so.6", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int LinuxLStat(string path, byte[] buffer);

    [LibraryImport("libc.so.6", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int LinuxLChown(string path, uint owner, uint group);

    [LibraryImport("libSystem.dylib", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int MacLStat(string path, byte[] buffer);

    [LibraryImport("libSystem.dylib", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int MacLChown(string path, uint owner, uint group);

    private readonly record struct StatLayout(int Mode, int ModeSize, int Links, int LinkSize, int Owner);
}
