extension QuestionnaireInstrument {
    static let mfsInstructions = LocalizedText(
        danish: "Tænk på den seneste måned, og sammenlign med hvordan du havde det, før du blev syg. Vælg for hvert punkt det trin, der passer bedst. Halve trin betyder, at du ligger mellem to beskrivelser.",
        english: "Think of the past month and compare it with how you were before you fell ill. For each point, choose the step that fits best. Half steps mean you are between two descriptions."
    )

    /// One scale for every item: severity at the whole steps, "between" at the half steps.
    static let mfsOptions = [
        InstrumentOption(value: 0, label: LocalizedText(danish: "Ingen problemer", english: "No problems")),
        InstrumentOption(value: 0.5, label: LocalizedText(danish: "Mellem 0 og 1", english: "Between 0 and 1")),
        InstrumentOption(value: 1, label: LocalizedText(danish: "Lette problemer", english: "Mild problems")),
        InstrumentOption(value: 1.5, label: LocalizedText(danish: "Mellem 1 og 2", english: "Between 1 and 2")),
        InstrumentOption(value: 2, label: LocalizedText(danish: "Tydelige problemer", english: "Clear problems")),
        InstrumentOption(value: 2.5, label: LocalizedText(danish: "Mellem 2 og 3", english: "Between 2 and 3")),
        InstrumentOption(value: 3, label: LocalizedText(danish: "Svære problemer", english: "Severe problems")),
    ]

    static let mfsItems: [InstrumentItem] = [
        (danish: "Træthed: Har du følt dig træt, også uden at have anstrengt dig?",
         english: "Fatigue: Have you felt tired, even without having exerted yourself?"),
        (danish: "Manglende initiativ: Har det været svært at gå i gang med ting, også ting du gerne vil?",
         english: "Lack of initiative: Has it been hard to get started on things, even things you want to do?"),
        (danish: "Mental træthed: Bliver du hurtigt træt i hovedet, når du tænker, læser eller er sammen med andre?",
         english: "Mental fatigue: Does your mind tire quickly when you think, read or spend time with others?"),
        (danish: "Mental restitution: Tager det lang tid at komme sig, når du er blevet træt i hovedet?",
         english: "Mental recovery: Does it take long to recover once your mind is tired?"),
        (danish: "Koncentrationsbesvær: Har du svært ved at holde koncentrationen om det, du er i gang med?",
         english: "Concentration difficulties: Do you find it hard to keep your mind on what you are doing?"),
        (danish: "Hukommelsesproblemer: Glemmer du aftaler, beskeder eller hvad du var i gang med?",
         english: "Memory problems: Do you forget appointments, messages or what you were in the middle of?"),
        (danish: "Langsom tankegang: Føles det, som om dine tanker går langsommere end før?",
         english: "Slowness of thinking: Does your thinking feel slower than before?"),
        (danish: "Stressfølsomhed: Bliver du let stresset, når der sker meget på én gang eller er tidspres?",
         english: "Sensitivity to stress: Do you get stressed easily when a lot happens at once or time is short?"),
        (danish: "Øget følelsesmæssighed: Bliver du lettere rørt, ked af det eller grådlabil end før?",
         english: "Increased tendency to become emotional: Are you more easily moved, upset or tearful than before?"),
        (danish: "Irritabilitet: Bliver du lettere irriteret eller vred end før?",
         english: "Irritability: Do you get irritated or angry more easily than before?"),
        (danish: "Lysfølsomhed: Generer skarpt eller flimrende lys dig mere end før?",
         english: "Sensitivity to light: Does bright or flickering light bother you more than before?"),
        (danish: "Lydfølsomhed: Generer lyde og baggrundsstøj dig mere end før?",
         english: "Sensitivity to noise: Do sounds and background noise bother you more than before?"),
        (danish: "Nedsat søvn: Sover du dårligere eller kortere tid end før?",
         english: "Decreased sleep: Do you sleep worse or for a shorter time than before?"),
        (danish: "Øget søvn: Sover du mere end før, eller har du brug for at sove i løbet af dagen?",
         english: "Increased sleep: Do you sleep more than before, or need to sleep during the day?"),
        (danish: "Døgnvariation: Skifter dine symptomer i løbet af døgnet, så de er værst på bestemte tidspunkter?",
         english: "24-hour variation: Do your symptoms change over the day, so that they are worst at certain times?"),
    ].enumerated().map { index, text in
        InstrumentItem(number: index + 1, text: LocalizedText(danish: text.danish, english: text.english), options: mfsOptions)
    }
}
