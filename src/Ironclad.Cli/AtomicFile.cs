using System.Security.Cryptography;
using Ironclad.Cli.Commands;
using Ironclad.Core.Inputs;

namespace Ironclad.Cli;

/// <summary>
/// Writes an output file safely. A regular file is replaced whole or not at all: a temporary file is
/// created beside it exclusively (O_EXCL, a random name, never through a link), given the original's
/// owner and mode (setuid bits included), then renamed over it. A symbolic link is written through to
/// its target, which keeps the link. A device or FIFO (/dev/null, /dev/stdout, a pipe) is written in
/// place, since renaming over it would destroy it. A file with other hard links is refused: replacing
/// it would silently split it from them.
/// </summary>
public static class AtomicFile
{
    /// <param name="encoding">Defaults to UTF-8 without a byte-order mark.</param>
    public static void Write(string path, Action<TextWriter> write, System.Text.Encoding? encoding = null)
    {
        encoding ??= new System.Text.UTF8Encoding(false);
        var target = Resolve(Path.GetFullPath(path));
        var facts = FileStat.Of(target);
        if (facts is { Kind: FileKind.Special })
        {
            using var device = new StreamWriter(new FileStream(target, FileMode.Open, FileAccess.Write), encoding);
            write(device);
            return;
        }

        if (facts is { Kind: FileKind.Directory })
        {
            throw new UsageException($"cannot write {path}: it is a directory");
        }

        if (facts is { Kind: FileKind.Regular, Links: > 1 })
        {
            throw new UsageException($"cannot write {path}: it has {facts.Links} hard links, which replacing it would split from it; write to another file with --output and copy it over");
        }

        var temp = Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        // CreateNew is O_CREAT|O_EXCL: it fails on any existing name, a planted symbolic link included.
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        try
        {
            using (stream)
            {
                if (facts is { Kind: FileKind.Regular })
                {
                    KeepOwnerAndMode(path, temp, facts);
                }

                using var file = new StreamWriter(stream, encoding);
                write(file);
                file.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The file a chain of symbolic links ends at (which may not exist yet), or the path itself.</summary>
    private static string Resolve(string path)
    {
        if (FileStat.Of(path) is not { Kind: FileKind.SymbolicLink })
        {
            return path;
        }

        var final = File.ResolveLinkTarget(path, returnFinalTarget: true);
        return final?.FullName ?? path;
    }

    /// <summary>Owner first: changing the owner clears setuid and setgid, which the mode then restores.</summary>
    private static void KeepOwnerAndMode(string path, string temp, FileFacts original)
    {
        if (FileStat.Of(temp) is { } mine && (mine.Owner != original.Owner || mine.Group != original.Group)
            && !FileStat.TryChangeOwner(temp, original.Owner, original.Group))
        {
            throw new UsageException($"cannot write {path}: it belongs to user {original.Owner} (group {original.Group}), which a replacement written by this user cannot keep");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, (UnixFileMode)original.Mode);
        }
    }
}
