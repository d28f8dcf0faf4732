return Ironclad.Cli.App.Run(args, Console.Out, Console.Error);
