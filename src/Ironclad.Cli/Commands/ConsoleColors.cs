namespace Ironclad.Cli.Commands;

/// <summary>Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org).</summary>
public static class ConsoleColors
{
    public static bool Enabled(bool toConsole) =>
        toConsole
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && !Console.IsOutputRedirected;
}
