namespace MountViz.Linux.Namespaces;

/// <summary>
/// The programs a namespace holder is made of, resolved once from <c>PATH</c> in the server's
/// own namespace: util-linux's <c>setpriv</c> (for the parent-death signal) and <c>bash</c>
/// (for the parent check and <c>exec -a</c>, which names the holder in <c>ps</c> and <c>lsns</c>).
/// </summary>
/// <param name="SetprivPath">Absolute path of <c>setpriv</c>.</param>
/// <param name="BashPath">Absolute path of <c>bash</c>.</param>
/// <param name="SleepPath">Absolute path of <c>sleep</c>.</param>
internal sealed record HolderCommand(string SetprivPath, string BashPath, string SleepPath)
{
    /// <summary>The argv[0] every holder carries; the full name is <see cref="Core.Labs.LabHolderName.Format"/>'s.</summary>
    public const string ProcessName = Core.Labs.LabHolderName.ProcessName;

    /// <summary>The holder's exit code when it found its parent already gone (the server died while starting it).</summary>
    public const int OrphanedExitCode = 111;

    /// <summary>
    /// The holder script. <c>setpriv --pdeathsig KILL</c> arms the parent-death signal before
    /// exec'ing bash, so a parent that dies after this point kills the holder; a parent that
    /// died before it is caught by comparing <c>$PPID</c> with the server's PID. Nothing is left
    /// either way. stdio goes to /dev/null so a holder never keeps the server's pipes open.
    /// </summary>
    public const string Script =
        "exec </dev/null >/dev/null 2>&1; [ \"$PPID\" = \"$1\" ] || exit 111; exec -a \"$2\" \"$3\" infinity";

    /// <summary>Finds the programs on <c>PATH</c> (plus the usual system directories).</summary>
    /// <exception cref="FileNotFoundException">A program is missing; the message says which package provides it.</exception>
    public static HolderCommand Resolve() =>
        new(Find("setpriv", "util-linux"), Find("bash", "bash"), Find("sleep", "coreutils"));

    private static string Find(string program, string package)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (string directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/bin", "/bin", "/usr/sbin", "/sbin"]))
        {
            string candidate = Path.Combine(directory, program);
            if (Path.IsPathFullyQualified(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"MountViz needs '{program}' (package {package}) to start namespace holder processes, and it is not on PATH or in /usr/bin, /bin. Install {package}.",
            program);
    }
}
