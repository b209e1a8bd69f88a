import './index.css';
import './neighbourhood.css';
