using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using MountViz.Core.Formatting;
using MountViz.Core.Json;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Procfs;

namespace MountViz.Web.Cli;

/// <summary>
/// <c>mountviz show [--pid PID | --file PATH] [--format tree|table|json]</c>: prints one mount
/// namespace's table. Exit codes: 0 shown (parse diagnostics are warnings), 1 usage error,
/// 2 the table could not be read.
/// </summary>
internal static class ShowCommand
{
    /// <summary>The exit code when the mountinfo cannot be read.</summary>
    public const int ExitUnreadable = 2;

    /// <summary>The <c>show</c> verb.</summary>
    public static Command Create()
    {
        var pid = new Option<int?>("--pid")
        {
            Description = "Show the mount namespace of process PID (reads /proc/PID/mountinfo). Default: this process.",
            HelpName = "PID",
        };
        pid.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--pid must be a process ID greater than 0.");
            }
        });

        var file = new Option<string?>("--file")
        {
            Description = "Read a saved mountinfo file instead of /proc.",
            HelpName = "PATH",
        };

        // A string, not the enum, so that help and errors spell the values as users type them.
        var format = new Option<string>("--format")
        {
            Description = "tree (like findmnt --tree, plus propagation), table (flat, with IDs) or json.",
            DefaultValueFactory = _ => "tree",
            HelpName = "tree|table|json",
        };
        format.AcceptOnlyFromAmong("tree", "table", "json");

        var show = new Command("show", "Print a mount namespace's mount table with its propagation.")
        {
            pid,
            file,
            format,
        };
        show.Validators.Add(result =>
        {
            if (result.GetResult(pid) is { Implicit: false } && result.GetResult(file) is { Implicit: false })
            {
                result.AddError("--pid and --file cannot be used together: give --pid to read a live process's namespace, or --file to read a saved mountinfo file.");
            }
        });
        show.SetAction(parseResult => Run(
            parseResult.GetValue(pid),
            parseResult.GetValue(file),
            Enum.Parse<ShowFormat>(parseResult.GetRequiredValue(format), ignoreCase: true),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return show;
    }

    /// <summary>Reads the table and writes it in <paramref name="format"/>.</summary>
    internal static int Run(int? pid, string? file, ShowFormat format, TextWriter output, TextWriter error)
    {
        string path = file ?? MountInfoReader.PathOf(pid);
        MountTable table;
        try
        {
            table = file is not null ? MountInfoReader.ReadFile(file) : MountInfoReader.ReadPid(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(DescribeReadFailure(e, pid, file, path));
            return ExitUnreadable;
        }

        foreach (int id in table.DuplicateIds)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mountviz: warning: {path}: mount ID {id} appears more than once; children and lookups use its first line. A live kernel never does this: the file may be edited or spliced."));
        }

        switch (format)
        {
            case ShowFormat.Json:
                output.WriteLine(JsonSerializer.Serialize(MountTableDto.From(table), MountJson.Options));
                break;
            case ShowFormat.Table:
                WriteDiagnostics(table, path, error);
                MountTextRenderer.RenderTable(table, output);
                break;
            default:
                WriteDiagnostics(table, path, error);
                MountTextRenderer.RenderTree(table, output);
                break;
        }

        return 0;
    }

    private static void WriteDiagnostics(MountTable table, string path, TextWriter error)
    {
        foreach (MountInfoDiagnostic diagnostic in table.Diagnostics)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mountviz: warning: {path}: line {diagnostic.Line} (byte {diagnostic.ByteOffset}) skipped: {diagnostic.Message}"));
            error.WriteLine($"    {DisplayText.Of(diagnostic.Text)}");
        }
    }

    /// <summary>What failed, why, and what to do about it.</summary>
    internal static string DescribeReadFailure(Exception e, int? pid, string? file, string path)
    {
        bool missing = e is FileNotFoundException or DirectoryNotFoundException;
        if (file is not null)
        {
            if (missing)
            {
                return $"mountviz: cannot read {file}: no such file. Check the path, or leave out --file to read this process's own mount table.";
            }

            if (e is UnauthorizedAccessException && Directory.Exists(file))
            {
                return $"mountviz: cannot read {file}: it is a directory. Give --file a mountinfo file (a saved copy of /proc/PID/mountinfo).";
            }

            if (e is UnauthorizedAccessException)
            {
                return $"mountviz: cannot read {file}: permission denied. Run as a user who may read it (e.g. with sudo), or copy it somewhere readable.";
            }

            return $"mountviz: cannot read {file}: {e.Message}";
        }

        if (pid is int p)
        {
            if (missing)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"mountviz: cannot read the mount table of process {p}: no such process ({path} does not exist). Check the PID with `ps -p {p}`; the process may have exited.");
            }

            if (e is UnauthorizedAccessException)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"mountviz: cannot read the mount table of process {p}: permission denied on {path}. Reading another user's process needs root: run mountviz with sudo.");
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"mountviz: cannot read the mount table of process {p} ({path}): {e.Message}. The process may have exited while it was read; try again.");
        }

        return missing
            ? $"mountviz: cannot read {path}: it does not exist. MountViz needs Linux with /proc mounted; elsewhere, use --file with a saved mountinfo file."
            : $"mountviz: cannot read {path}: {e.Message}";
    }
}
