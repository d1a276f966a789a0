package demo

// Word lists for French-looking companies, people and places. Everything is fictitious.
var (
	firstNames = []string{"Camille", "Julien", "Sophie", "Nicolas", "Isabelle", "Thomas", "Nathalie", "Pierre",
		"Claire", "Antoine", "Émilie", "Laurent", "Céline", "François", "Aurélie", "Mathieu", "Hélène", "Stéphane",
		"Valérie", "Olivier", "Sandrine", "Jérôme", "Anne", "Christophe", "Marion", "Benoît", "Chloé", "Guillaume",
		"Léa", "Sébastien", "Agnès", "Raphaël", "Élodie", "Yann", "Manon", "Frédéric"}
	lastNames = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
		"Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
		"Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
		"Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
		"Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin"}
	trades = []string{"Boulangerie", "Garage", "Menuiserie", "Transports", "Imprimerie", "Pharmacie", "Cabinet",
		"Atelier", "Boucherie", "Plomberie", "Électricité", "Restaurant", "Hôtel", "Librairie", "Fromagerie",
		"Ébénisterie", "Maçonnerie", "Charpente", "Jardinerie", "Optique", "Pâtisserie", "Quincaillerie",
		"Informatique", "Conseil", "Architecture", "Nettoyage", "Traiteur", "Carrosserie", "Serrurerie", "Peinture"}
	suffixes    = []string{"du Centre", "des Halles", "de la Gare", "du Port", "des Alpes", "du Lac", "Saint-Michel", "de l'Ouest", "du Val", "des Lilas"}
	legalForms  = []string{"SARL", "SAS", "SA", "EURL", "SASU", "SCOP"}
	streetTypes = []string{"rue", "avenue", "boulevard", "place", "allée", "impasse", "chemin"}
	streetNames = []string{"de la République", "Victor Hugo", "Jean Jaurès", "du Général de Gaulle", "Pasteur",
		"des Écoles", "de la Liberté", "Gambetta", "Nationale", "du Moulin", "des Tilleuls", "de Verdun", "Carnot",
		"Voltaire", "de la Paix", "du Château", "Émile Zola", "des Acacias", "Foch", "de Bretagne"}
	cities = []struct{ postal, name string }{
		{"75011", "Paris"}, {"69003", "Lyon"}, {"13006", "Marseille"}, {"31000", "Toulouse"}, {"33000", "Bordeaux"},
		{"59000", "Lille"}, {"44000", "Nantes"}, {"67000", "Strasbourg"}, {"35000", "Rennes"}, {"34000", "Montpellier"},
		{"06000", "Nice"}, {"38000", "Grenoble"}, {"21000", "Dijon"}, {"49000", "Angers"}, {"37000", "Tours"},
		{"63000", "Clermont-Ferrand"}, {"87000", "Limoges"}, {"25000", "Besançon"}, {"29200", "Brest"}, {"64000", "Pau"},
		{"74000", "Annecy"}, {"76000", "Rouen"}, {"57000", "Metz"}, {"51100", "Reims"}, {"80000", "Amiens"}}
	publicBodies = []string{"Mairie de", "Communauté de communes de", "Centre hospitalier de", "Lycée professionnel de", "Conseil départemental —"}
	roles        = []string{"comptabilité", "trésorerie", "achats", "direction", "gestion administrative"}
)
