print("boca")
