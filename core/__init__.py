"""The shared kernel: small pieces every app may use, importing no other app of the project."""
