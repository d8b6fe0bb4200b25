public import TallyCore
public import TallyTargets

extension TargetError: TallyError {}
