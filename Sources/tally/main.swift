import TallyCLI

#if canImport(Glibc)
    import Glibc
#endif

exit(TallyCommand.runMain())
