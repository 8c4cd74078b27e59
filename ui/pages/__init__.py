"""The pages of the workspace: each lays out one step and emits what the clinician asked for."""
