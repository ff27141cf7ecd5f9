"""Names a text marks as names, found without a language model."""

import pytest

from sounding.privacy.names import name_spans


def names(text: str) -> list[str]:
    return [text[start:end] for start, end in name_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My name is Margaret Hughes and I waited four hours.", ["Margaret Hughes"]),
        ("Contact my daughter Sarah on the ward.", ["Sarah"]),
        ("my son, Tom Jones, came too", ["Tom Jones"]),
        ("Dr Patel's surgery is great", ["Patel"]),
        ("Mrs O'Neill and Nurse Smith-Jones were kind", ["O'Neill", "Smith-Jones"]),
        ("I'm called Jo", ["Jo"]),
        # Signed after thanks at the end: a quote had published "thank you. Sarah".
        ("The nurses were so kind to my mum, thank you. Sarah", ["Sarah"]),
        ("Many thanks, Dave x", ["Dave"]),
        ("Kind regards, Jo Bloggs", ["Jo Bloggs"]),
        ("Great care. Love Jo x", ["Jo"]),
        ("Thanks to the staff on ward 3. Sarah", ["Sarah"]),
        ("Thank you for your help Sarah", ["Sarah"]),
        ("Advanced Nurse Practitioner Jones saw me", ["Jones"]),
        # Titles and names as patients type them (a new user's FFT export).
        ("thank you to sister Mary Adeyemi and her team", ["Mary Adeyemi"]),
        ("Thank you dr okafor for explaining everything", ["okafor"]),
        ("nurse jenny was lovely", ["jenny"]),
        ("thank you to sister mary adeyemi", ["mary adeyemi"]),
        ("the care of my husband dave was good", ["dave"]),
        ("my mum, jean, came with me", ["jean"]),
        # Singled out for thanks (a new user's inpatient survey published "Tom" and "jade"
        # in theme labels).
        ("Special mention to jade who sat with me when i was scared", ["jade"]),
        ("Tom was an absolute star, please pass on my thanks", ["Tom"]),
        ("Great care. Sarah on reception was lovely", ["Sarah"]),
        ("shout out to Priya on ward 5", ["Priya"]),
        ("A big thank you to Bernie", ["Bernie"]),
        # Opening a clause, or quoted (an FFT export's theme description had published
        # "Also put as: “Emma on reception was brilliant.”"), in capitals, or with a role.
        ("everything ran smoothly, Julie on reception was brilliant", ["Julie"]),
        ("Very good. - Sandra on reception was brilliant", ["Sandra"]),
        ("Also put as: “Emma on reception was brilliant.”", ["Emma"]),
        ("EMMA ON RECEPTION WAS BRILLIANT 10/10", ["EMMA"]),
        ("THANK YOU DR PATEL", ["PATEL"]),
        ("Gemma the HCA was lovely", ["Gemma"]),
        ("nurse practitioner michelle is amazing", ["michelle"]),
        ("Nurse practitioner Michelle is amazing", ["Michelle"]),
        ("nurse mary-jane was lovely", ["mary-jane"]),
        ("great service today sandra on reception was brilliant", ["sandra"]),
        # A maternity survey's quotes had kept these.
        ("Midwife Lou was incredible thank you", ["Lou"]),
        ("midwife lou was incredible", ["lou"]),
        ("Becky on the postnatal ward was a star", ["Becky"]),
        ("Jade the student midwife was wonderful", ["Jade"]),
        ("MIDWIFE SARAH WAS AMAZING", ["SARAH"]),
        # A staff survey's published quotes had kept these.
        ("My manager, Linda Morrow, has been bullying me for months", ["Linda Morrow"]),
        ("Tom Hughes on the service desk is a star", ["Tom Hughes"]),
        ("my line manager gareth is great", ["gareth"]),
        # An A&E export's labels had published these.
        ("Gemma was so patient with us.", ["Gemma"]),
        # A consultation's answers name councillors.
        ("Councillor Abdul Hussain never replied", ["Abdul Hussain"]),
        ("I emailed Cllr Smith twice", ["Smith"]),
        ("They just walked past and ignored us Priya was so patient with us", ["Priya"]),
        # A student survey's labels and quotes had kept these ("kelly" ends as "kindly" does).
        ("Steve in motor vehicle is a legend", ["Steve"]),
        ("jo in hair and beauty is a legend", ["jo"]),
        ("Shout out to kelly 💯.", ["kelly"]),
        # A planning consultation's letters signed off with contact details.
        ("Regards, Sian Hartley, 12 Tanners Row", ["Sian Hartley"]),
        ("Robert Kaur (tel 07700 900123)", ["Robert Kaur"]),
        # A mental health service's feedback named its staff by role.
        ("Leanne the support worker helped me with housing", ["Leanne"]),
        ("Callum her care coordinator never called", ["Callum"]),
        # A hospital's and a GP practice's feedback published these in labels and quotes.
        ("THANK YOU DR PATEL for sorting my knee out", ["PATEL"]),
        ("Great care from everyone Julie on ward 7 was lovely.", ["Julie"]),
        ("Credit to Julie on reception", ["Julie"]),
        ("Sandra on the phones is top notch", ["Sandra"]),
        ("Cheers Gemma! Could not have done it without you", ["Gemma"]),
        ("Thanks Gemma for everything", ["Gemma"]),
        ("THANK YOU GEMMA", ["GEMMA"]),
        # A module survey's label, and teachers by role.
        ("The energy Sarah (the lecturer) brought to every lecture", ["Sarah"]),
        ("Tom our tutor helped", ["Tom"]),
        ("Mr Jones our tutor helped", ["Jones"]),
        # A mental health trust's label and quotes.
        ("Tariq on the crisis line was amazing", ["Tariq"]),
        ("I rang twice and Sharon on the phone was so kind", ["Sharon"]),
        ("Cant praise Bev enough", ["Bev"]),
        # A parish survey's neighbours, named in full with nothing else to mark them.
        ("Margaret Ellis has been recording them for years", ["Margaret Ellis"]),
        ("Dave Pritchard's field floods every winter", ["Dave Pritchard"]),
        ("Jean Foster said she would help run it", ["Jean Foster"]),
        ("esp Peter Hollis and Mary Anne Smith", ["Peter Hollis", "Mary Anne Smith"]),
        # A new starter's buddy, a colleague in a department, one thanked at a desk (an
        # induction survey's and a budget consultation's quotes).
        ("My buddy Karen was great", ["Karen"]),
        ("Darren in IT sorted my laptop on day one", ["Darren"]),
        # A housing survey's label and quotes, and an e-scooter consultation's signature.
        ("Sharon in the repairs team was brilliant", ["Sharon"]),
        ("My housing officer Wayne is really helpful", ["Wayne"]),
        ("Give value for money - Stacey.", ["Stacey"]),
        ("they'll park properly. Tomasz Campbell", ["Tomasz Campbell"]),
        ("Thanks to Sian on the library desk for her help", ["Sian"]),
        # Spoken to or asked for (a customer-service survey's labels), and a sign-off run
        # into the next sentence (a planning consultation's quotes).
        ("I spoke to Sarah who was no help", ["Sarah"]),
        ("Ask for Gareth Ellis she knows my case", ["Gareth Ellis"]),
        ("Regards, Sheila Ellis The traffic is bad", ["Sheila Ellis"]),
        # A teacher after a title typed in lower case or in capitals (a parents' survey's
        # labels), a tradesman by his trade and someone named as introduced (a tenants').
        ("Special thanks to mrs achebe in Y1", ["achebe"]),
        ("mr bennett (year 6) is firm but fair", ["bennett"]),
        ("MRS PATEL IN YEAR 2 DESERVES A MEDAL", ["PATEL"]),
        ("Dave the plumber was brilliant", ["Dave"]),
        ("I got a call back from a lady called Bev", ["Bev"]),
        ("a lady called Grace sorted it", ["Grace"]),
        # An NHS staff survey's and a library review's: a department, a clause joined on,
        # a band or a manager, a reward, a desk whose name has an apostrophe.
        ("Thanks to Agnieszka in pharmacy who always sorts our TTOs", ["Agnieszka"]),
        ("It was busy, and Gemma the HCA too", ["Gemma"]),
        ("Lots of cover. And Raj in IT is the only reason anything works", ["Raj"]),
        ("Becky our band 7 is the best manager I've had", ["Becky"]),
        ("Mo Mensah deserves a medal", ["Mo Mensah"]),
        ("Thanks to Lorraine on the children's desk for everything", ["Lorraine"]),
        # A hospital's FFT: thanks passed on, care given, a shift or a clinic.
        ("Please thank Priya from me", ["Priya"]),
        ("Thanks to Mo for holding my hand through it all", ["Mo"]),
        ("Priya explained everything and made me laugh", ["Priya"]),
        ("The nurse was busy. Kwame listened though", ["Kwame"]),
        ("Chloe was amazing", ["Chloe"]),
        ("Tomasz goes above and beyond", ["Tomasz"]),
        ("Julie on the night shift was lovely", ["Julie"]),
        ("sian on cardiology clinic was great", ["sian"]),
        # A Welsh school consultation's: "Mae" is a verb, Welsh names and Welsh cues.
        ("Mae Huw Jenkins yn athro da", ["Huw Jenkins"]),
        ("Diolch i Bethan am bopeth", ["Bethan"]),
        ("Mae fy merch Megan yn hapus", ["Megan"]),
        ("Mae Cai, fy mab, yn poeni", ["Cai"]),
        ("Mary Smith has land by the school", ["Mary Smith"]),
        # An FFT's, quoted: a name joined to one found, a rare given name after a role.
        ("Shannon and Becky on the postnatal ward were fab", ["Shannon", "Becky"]),
        ("thanks to Dr Jones & Sarah", ["Jones", "Sarah"]),
        ("Dr Patel and Leeds General were great", ["Patel"]),
        # A parents' survey's labels and a GP survey's quotes: a surname after a title typed
        # in lower case ("williams" reads as a plural), "miss" before one, a desk.
        ("Mrs williams in year 2 is fantastic", ["williams"]),
        ("Thank you miss rees for all your help this year", ["rees"]),
        ("dr okafor rang us himself", ["okafor"]),
        ("Debbie at the front desk was rude", ["Debbie"]),
        # A community safety survey's: a name the US lists lack, after a verb opening the
        # sentence.
        ("Arrest Liam Doherty, he's the one dealing", ["Liam Doherty"]),
        ("lovely student midwife ellie made me feel so safe", ["ellie"]),
    ],
)
def test_a_name_the_text_gives_as_a_name_is_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I came with my son. He was scared.",
        # A common word after a role.
        "the student nurse will see you now",
        "I miss the old days",
        "you will miss home",
        "Queues at the front desk were long",
        "Camp Nelson Heritage Park Study Act",
        "Help America Vote Act",
        # A team, or a dash, after a word that is no given name.
        "Repairs in the north team are slow",
        "Communication in the repairs team is poor",
        "Bus to town - Milton Keynes",
        # Given names before places and ordinary words are no one's name.
        "Victoria Park is lovely",
        "Church Lane and Mill Field",
        "Forest Service land",
        "Foster Care should be funded",
        "Electoral Reform now",
        "Grace Church hall",
        "My GP Surgery is rubbish",
        "The Dr was rude",
        "my name is not important",
        "Parking at Leeds General is a nightmare",
        "Thank you all. Brilliant!",
        "thanks to the team on ward 3",
        "Thank you Ward 7 for everything",
        # "Thanks to" and "love" inside a sentence: a Polis label had read "thanks to the
        # E[PERSON_1]".
        "The UK's borders are basically unprotected, thanks to the EU.",
        "This is all thanks to Labour",
        "We all love Leeds.",
        "Thanks to the EU. Yes",
        "The Nurse Practitioner was great",
        "Doctor LISTENED to me",
        "the dr prescribed antibiotics",
        "doctor didnt explain my results",
        "the nurse staffing levels are too low",
        "nurse practitioners were good",
        "the doctor was rude",
        "The MS Society helped",
        "my son autistic and scared",
        "my dad recieved good care",  # a typo of a common word
        "my son was scared",
        "Everyone was a star",
        "Staff on nights were great",
        "thank you to the nurses",
        "a big thank you to all the staff",
        "He was a star",
        "It was a credit to the NHS",
        "Everyone in reception is a star",
        "Parking in town is a godsend",
        "Wrexham Council (tel 01978 292000) never answers",
        "I cant praise the staff enough",
        "Couldn't thank them enough",
        "my social worker was great",
        "a big thank you to all, kindly",
        "Breakfast on the ward was cold",
        "The nurses were great. Noise on nights was awful",
        "There was norovirus on the ward",
        "the hca on reception was rude",
        "the lady on reception was rude",
        "the student midwife was great",
        "Midwife led unit was lovely",
        "Breakfast on the postnatal ward was cold",
        "Staff on labour ward were great",
        "My manager is great",
        # ... and took these for names: a sentence ends after "doctor.", "tbh" is chat,
        # "Staff" opens a sentence typed without its full stop.
        "Lovely doctor. Also the nurse was kind",
        "brilliant practice nurse tbh",
        "looked after my husband Staff went above and beyond",
        "Thank you everyone",
        "Thank you Leeds hospital",
        "Cheers mate",
        "I LOVE THE NHS",
        "Staff on the service desk were great",
        "Maternity was lovely",
        "The councillors never listen",
        "I wrote to my councillor",
        "She was so kind",
        "Everyone was so patient",
        "I went to Leeds on the ward",
        "waited ages on reception was awful",
        "x-ray on the ward was quick",
        "Lovely, the nurse was kind",
        "THE NURSES WERE GREAT. STAFF ON NIGHTS WERE KIND",
        # "Thanks to" names a cause as often as a person.
        "Thanks to Brexit prices are up",
        "I spoke to Council Tax twice",
        "Leeds in March was cold",
        "The buddy scheme was great",
        "I have ms and walk with a stick",
        "The MS Society was a great help",
        "The plumber was lovely but I waited 6 weeks",
        "Someone called back the next day",
        # Credit for a thing, not to a person (bill summaries' "tax credit for tuition").
        "Extends the tax credit for residential energy property",
        "Universal Credit for childcare is a mess",
        "And Security in the car park is poor",
        "Staff in pharmacy were great",
        "The team deserves a medal",
        "Nurses deserve a pay rise",
        "And Parking is the manager's job",
        "Maternity was amazing",
        "Tesco was great",
        "Sonographer explained it all",
        "Docter explained nothing",
        "Thanks to Brexit for ruining everything",
        "Mae Llanfeirion yn rhy bell",
        "Diolch i Gyngor Sir Ddinbych",
        "Key terms: mrs. Also put as: x",
        # Firms named after people, as planning agents and developers are.
        "Gerald Eve LLP act for the owner",
        "David Lock Associates have prepared a masterplan",
        "Taylor Wimpey Homes supports the allocation",
    ],
)
def test_capitalised_words_that_are_no_name_are_left(text):
    assert names(text) == []
