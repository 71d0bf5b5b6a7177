"""The pages of the unlocked shell."""
