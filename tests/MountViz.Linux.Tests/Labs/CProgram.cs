namespace MountViz.Linux.Tests.Labs;

/// <summary>
/// Compiles a tiny C program with gcc and runs it: it prints one "NAME VALUE" line per constant,
/// so constants and struct layouts are checked against the real headers (Tmds.LibC's habit).
/// </summary>
internal static class CProgram
{
    /// <summary>NAME → VALUE as the program printed them (the name may contain spaces; the value may not).</summary>
    public static Dictionary<string, string> Print(string program)
    {
        string directory = Directory.CreateTempSubdirectory("mvz-c-program-").FullName;
        try
        {
            string source = Path.Combine(directory, "program.c");
            string binary = Path.Combine(directory, "program");
            File.WriteAllText(source, program);
            (int code, _, string errors) = Kernel.Run("gcc", "-Wall", "-Werror", "-o", binary, source);
            Assert.True(code == 0, $"gcc failed: {errors}");
            (code, string output, errors) = Kernel.Run(binary);
            Assert.True(code == 0, errors);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                int space = line.LastIndexOf(' ');
                values[line[..space]] = line[(space + 1)..];
            }

            return values;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
