extension QuestionnaireInstrument {
    static let mfi20Instructions = LocalizedText(
        danish: "Her er en række udsagn om, hvordan du har haft det de seneste dage. Vælg for hvert udsagn, hvor godt det passer på dig: 1 betyder »ja, det passer«, 5 betyder »nej, det passer ikke«.",
        english: "Here are some statements about how you have been in recent days. For each one, choose how well it fits you: 1 means “yes, that is true”, 5 means “no, that is not true”."
    )

    static let mfi20Options = [
        InstrumentOption(value: 1, label: LocalizedText(danish: "Ja, det passer", english: "Yes, that is true")),
        InstrumentOption(value: 2, label: LocalizedText(danish: "Passer for det meste", english: "Mostly true")),
        InstrumentOption(value: 3, label: LocalizedText(danish: "Passer delvist", english: "Partly true")),
        InstrumentOption(value: 4, label: LocalizedText(danish: "Passer kun lidt", english: "Hardly true")),
        InstrumentOption(value: 5, label: LocalizedText(danish: "Nej, det passer ikke", english: "No, that is not true")),
    ]

    /// Answer 1 means "true" and scores lowest, so an item scored as answered describes
    /// someone who is *not* fatigued (agreeing means little fatigue), and a reversed item
    /// (`MFI20Scorer.reversedItems`, scored 6 − x) describes fatigue. The subscale of each item
    /// is noted after it.
    static let mfi20Items: [InstrumentItem] = [
        // 1 general fatigue
        (danish: "Jeg har generelt god energi.",
         english: "On the whole, I have plenty of energy."),
        // 2 physical fatigue, reversed
        (danish: "Min krop løber hurtigt tør for kræfter, når jeg laver noget fysisk.",
         english: "My body runs out of strength quickly when I do something physical."),
        // 3 reduced activity
        (danish: "Jeg er i gang med mange forskellige ting i løbet af en uge.",
         english: "I am busy with many different things in the course of a week."),
        // 4 reduced motivation
        (danish: "Jeg glæder mig til de ting, jeg har planlagt.",
         english: "I look forward to the things I have planned."),
        // 5 general fatigue, reversed
        (danish: "Jeg føler mig udkørt.",
         english: "I feel worn out."),
        // 6 reduced activity
        (danish: "Jeg når at lave meget, fra jeg står op, til jeg går i seng.",
         english: "I get a lot done between getting up and going to bed."),
        // 7 mental fatigue
        (danish: "Jeg kan følge en samtale eller en tekst uden at miste tråden.",
         english: "I can follow a conversation or a text without losing the thread."),
        // 8 physical fatigue
        (danish: "Jeg har kræfter til fysisk krævende opgaver.",
         english: "I have the strength for physically demanding tasks."),
        // 9 reduced motivation, reversed
        (danish: "Jeg skal tage mig sammen for at gå i gang med noget.",
         english: "I have to force myself to get started on things."),
        // 10 reduced activity, reversed
        (danish: "Dagene går, uden at jeg får lavet ret meget.",
         english: "The days go by without my getting much done."),
        // 11 mental fatigue
        (danish: "Mit hoved føles klart og skarpt.",
         english: "My mind feels clear and sharp."),
        // 12 general fatigue
        (danish: "Jeg føler mig frisk.",
         english: "I feel refreshed."),
        // 13 mental fatigue, reversed
        (danish: "Det trætter mig at tænke tingene grundigt igennem.",
         english: "Thinking things through properly wears me out."),
        // 14 physical fatigue, reversed
        (danish: "Min krop føles svag.",
         english: "My body feels weak."),
        // 15 reduced motivation
        (danish: "Jeg har idéer til ting, jeg gerne vil lave.",
         english: "I have ideas for things I would like to do."),
        // 16 general fatigue, reversed
        (danish: "Min energi slipper hurtigt op.",
         english: "My energy soon runs out."),
        // 17 reduced activity, reversed
        (danish: "Jeg tilbringer store dele af dagen uden at foretage mig noget.",
         english: "I spend large parts of the day not doing anything."),
        // 18 reduced motivation, reversed
        (danish: "Intet frister mig rigtig til at komme i gang.",
         english: "Nothing really tempts me to get going."),
        // 19 mental fatigue, reversed
        (danish: "Jeg mister koncentrationen efter kort tid.",
         english: "I lose my concentration after a short while."),
        // 20 physical fatigue
        (danish: "Jeg kan sagtens klare en lang gåtur.",
         english: "I can easily manage a long walk."),
    ].enumerated().map { index, text in
        InstrumentItem(number: index + 1, text: LocalizedText(danish: text.danish, english: text.english), options: mfi20Options)
    }
}
